"""Values worked out on first reading and kept: what folds read again and again."""

from __future__ import annotations

from typing import Any


class once:
    """A property worked out on first reading and kept in the instance (functools.cached_property takes
    a lock on every first reading in Python 3.11, which costs more than the work it saves here)."""

    def __init__(self, compute: Any) -> None:
        self.compute, self.name = compute, compute.__name__

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value
