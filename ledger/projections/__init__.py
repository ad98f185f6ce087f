"""Read models: bitemporal tables kept by a projector that follows the log, and the views over them."""
