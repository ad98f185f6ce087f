"""Python's cycle collector, paused while a rebuild or a fill holds every stream's rows and states in memory."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector, for a rebuild only, and leave it as it was found.

    A rebuild keeps every stream's rows and states in memory; with millions of live objects each full collection
    walks them all again and again, for no garbage (the projector makes no cycles that outlive a page).
    The README's benchmark says what the pause buys. An append or a catch-up never touches it: the
    collector is the caller's, and the caller's to switch off. A collector the caller had disabled stays
    disabled.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
