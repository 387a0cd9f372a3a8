"""Records: frozen dataclasses whose methods are written once here instead of generated.

``@dataclass(frozen=True)`` generates ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` for each class, and Python 3.11 compiles every one of them
from source text as its module loads. For the two dozen immutable types a Markdown build loads
(the data file's parts, the document, the problems, the options) that was more than a third of
the build's own work beyond its libraries, measured with callgrind (README, 性能).

A :class:`Record` subclass declares its fields as a dataclass does, without the decorator; it is
a dataclass (``dataclasses.fields``, ``replace`` and ``asdict`` work), and it behaves as a frozen
dataclass does: construction by position or keyword with the fields' defaults (``class
Part(Record, kw_only=True)`` for keywords only), equality and hash by value, the same ``repr``,
and no change once made. What it does not write, it refuses when the class is made rather than
ignore: ``__post_init__``, and fields with ``init``, ``repr``, ``compare``, ``hash`` or
``kw_only`` of their own. Subclass a record with ``Record``'s syntax, not with ``@dataclass``.
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
    _record_kw_only: ClassVar[bool] = False

    def __init_subclass__(cls, kw_only: bool | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if kw_only is not None:
            cls._record_kw_only = kw_only  # and for its subclasses
        dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
        fields = dataclasses.fields(cls)
        _refuse_what_is_not_written(cls, fields)
        cls._record_fields = tuple(
            (item.name, item.default, item.default_factory) for item in fields
        )
        if "__eq__" in cls.__dict__ and cls.__dict__.get("__hash__") is None:
            cls.__hash__ = Record.__hash__  # type: ignore[method-assign]  # as dataclass does

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._record_fields
        name = type(self).__name__
        if args and self._record_kw_only:
            raise TypeError(f"{name}() takes keyword arguments only")
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


def _refuse_what_is_not_written(cls: type, fields: tuple[dataclasses.Field, ...]) -> None:
    """A TypeError for what a frozen dataclass would do and Record does not, rather than a
    record that silently behaves otherwise."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: a Record has no __post_init__")
    for item in fields:
        # kw_only is True only where the field (or dataclasses.KW_ONLY) asked for it
        if not (item.init and item.repr and item.compare) or item.hash is not None or item.kw_only:
            raise TypeError(f"{cls.__name__}.{item.name}: a Record's fields take no options")
    if not cls._record_kw_only:  # type: ignore[attr-defined]
        defaulted = False
        for item in fields:
            has_default = _NO_DEFAULT is not item.default or _NO_DEFAULT is not item.default_factory
            if defaulted and not has_default:
                raise TypeError(
                    f"{cls.__name__}: non-default argument {item.name!r} follows default argument"
                )
            defaulted = defaulted or has_default
