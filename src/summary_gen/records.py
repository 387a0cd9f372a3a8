"""Records: frozen dataclasses whose methods are written once here instead of generated.

``@dataclass(frozen=True)`` generates ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` for each class, and Python 3.11 compiles every one of them
from source text as its module loads. For the two dozen immutable types a Markdown build loads
(the data file's parts, the document, the problems, the options) that was more than a third of
the build's own work beyond its libraries, measured with callgrind (README, 性能).

A :class:`Record` subclass declares its fields as a dataclass does, without the decorator; it is
a dataclass (``dataclasses.fields``, ``replace`` and ``asdict`` work), and its methods behave as
a frozen dataclass's: construction by position or keyword with the fields' defaults, equality
and hash by value, the same ``repr``, and no change once made.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

__all__ = ["Record"]

_NO_DEFAULT = dataclasses.MISSING


class Record:
    """Base of an immutable record; see the module's docstring."""

    __slots__ = ()
    # (name, default, default_factory) of each field, in order: read once per class
    _record_fields: ClassVar[tuple[tuple[str, Any, Any], ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
        cls._record_fields = tuple(
            (item.name, item.default, item.default_factory) for item in dataclasses.fields(cls)
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._record_fields
        name = type(self).__name__
        if len(args) > len(fields):
            raise TypeError(f"{name}() takes at most {len(fields)} arguments")
        for (field, _, _), value in zip(fields, args, strict=False):  # the leading fields
            if field in kwargs:
                raise TypeError(f"{name}() got two values for {field!r}")
            kwargs[field] = value
        for field, default, factory in fields:
            if field in kwargs:
                value = kwargs.pop(field)
            elif factory is not _NO_DEFAULT:
                value = factory()
            elif default is not _NO_DEFAULT:
                value = default
            else:
                raise TypeError(f"{name}() needs a value for {field!r}")
            object.__setattr__(self, field, value)
        if kwargs:
            raise TypeError(f"{name}() has no field {', '.join(map(repr, kwargs))}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field) for field, _, _ in self._record_fields)

    def __repr__(self) -> str:
        shown = (f"{field}={getattr(self, field)!r}" for field, _, _ in self._record_fields)
        return f"{type(self).__qualname__}({', '.join(shown)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())  # fails, as a frozen dataclass's does, on a list inside

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
