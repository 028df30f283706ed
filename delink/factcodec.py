"""Facts as plain data and back: what the cache stores and worker processes send.

:func:`encode` turns a :class:`~delink.facts.FileFacts` into JSON-compatible data
(lists, strings, numbers, ``None``, and one-key dicts for tagged values) and
:func:`decode` rebuilds it. The walk is generic: any dataclass of a ``delink``
module, an enum, a list, tuple, dict or set of such values, so that a new field or a
new fact class needs no change here. Object identity is kept (a :class:`Container`
that several links point at is one object again, cycles included), and objects are
rebuilt without calling ``__init__`` (frozen classes too).

What is not plain data cannot be encoded: the parse trees some sources leave for fix
writers (a Python file's ``ast``, a Compose file's YAML nodes). :func:`encode` then
raises :class:`Unencodable` and the pipeline extracts that file in the main process.
One exception is deliberate: ``FileFacts.syntax`` (the file-level handle, a parsed
module) is dropped when the file declares no container, link or Compose document,
because fix writers only look it up for the files of the containers and links they
edit.

The format is JSON, never pickle: a cache directory is a file in the user's tree, and
reading it must not run code. :func:`decode` only rebuilds dataclasses and enums of
``delink`` modules and raises :class:`CorruptEntry` on anything else.
"""

from __future__ import annotations

import dataclasses
import importlib
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from delink.facts import FileFacts

__all__ = ["CorruptEntry", "Unencodable", "decode", "decode_value", "encode"]

# Bumped when the layout below changes (the cache also keys on delink's code).
FORMAT = 1


class Unencodable(Exception):
    """The facts hold something that is not plain data (a parse tree)."""


class CorruptEntry(Exception):
    """Encoded data that :func:`decode` cannot turn back into facts."""


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls))
        _FIELDS[cls] = names
    return names


def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


class _Encoder:
    def __init__(self) -> None:
        self.classes: list[list[Any]] = []  # [name, [field names]]
        self.class_index: dict[type, int] = {}
        self.objects: list[list[Any]] = []  # [class index, [field values]]
        self.object_index: dict[int, int] = {}
        self._alive: list[object] = []  # keeps ids stable while encoding

    def _class(self, cls: type) -> int:
        index = self.class_index.get(cls)
        if index is None:
            if not cls.__module__.startswith("delink."):
                raise Unencodable(f"{_class_name(cls)} is not a delink class")
            index = len(self.classes)
            names = [] if issubclass(cls, Enum) else list(_field_names(cls))
            self.classes.append([_class_name(cls), names])
            self.class_index[cls] = index
        return index

    def obj(self, value: object, blank: str = "") -> dict[str, int]:
        """A reference to ``value``, encoded once; its field ``blank`` is stored as None."""
        ref = self.object_index.get(id(value))
        if ref is not None:
            return {"@": ref}
        cls = type(value)
        index = len(self.objects)
        self.object_index[id(value)] = index
        self._alive.append(value)
        slot: list[Any] = [self._class(cls), None]
        self.objects.append(slot)
        slot[1] = [
            None if name == blank else self.value(getattr(value, name))
            for name in _field_names(cls)
        ]
        return {"@": index}

    def value(self, value: Any) -> Any:
        t = type(value)
        if t is str or t is int or t is bool or value is None:
            return value
        if t is float:
            if value != value or value in (float("inf"), float("-inf")):
                raise Unencodable("a float that JSON cannot hold")
            return value
        if t is list:
            return [self.value(x) for x in value]
        if t is tuple:
            return {"t": [self.value(x) for x in value]}
        if t is dict:
            return {"d": [[self.value(k), self.value(v)] for k, v in value.items()]}
        if t is set or t is frozenset:
            return {"s" if t is set else "f": [self.value(x) for x in value]}
        if isinstance(value, Enum):
            return {"e": [self._class(t), value.value]}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if _is_facts(value) and not _has_editable_declarations(value):  # type: ignore[arg-type]
                return self.obj(value, "syntax")
            return self.obj(value)
        raise Unencodable(f"{t.__module__}.{t.__qualname__} is not plain data")


def _is_facts(value: object) -> bool:
    cls = type(value)
    return cls.__name__ == "FileFacts" and cls.__module__ == "delink.facts"


def _has_editable_declarations(facts: FileFacts) -> bool:
    return bool(facts.containers or facts.links or facts.compose)


def encode(value: Any) -> dict[str, Any]:
    """JSON-compatible data for ``value`` (a :class:`FileFacts`, a list of
    diagnostics, …); :class:`Unencodable` when it holds something that is not plain
    data, such as a parse tree a fix writer may need."""
    enc = _Encoder()
    root = enc.value(value)
    return {"v": FORMAT, "c": enc.classes, "o": enc.objects, "r": root}


def _resolve(name: str) -> type:
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith("delink.") or not qualname:
        raise CorruptEntry(f"not a delink class: {name}")
    try:
        target: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError) as exc:
        raise CorruptEntry(f"unknown class {name}") from exc
    if not isinstance(target, type) or not (
        dataclasses.is_dataclass(target) or issubclass(target, Enum)
    ):
        raise CorruptEntry(f"not a dataclass or enum: {name}")
    return target


class _Decoder:
    def __init__(self, data: dict[str, Any]) -> None:
        self.classes: list[type] = []
        for name, fields in data["c"]:
            cls = _resolve(name)
            if dataclasses.is_dataclass(cls) and tuple(fields) != _field_names(cls):
                raise CorruptEntry(f"{name} has other fields now")
            self.classes.append(cls)
        self.raw: list[list[Any]] = data["o"]
        self.field_lists = [fields for _, fields in data["c"]]
        self.objects: list[Any] = []
        for ci, _values in self.raw:
            cls = self.classes[ci]
            if issubclass(cls, Enum):
                raise CorruptEntry("an enum stored as an object")
            self.objects.append(cls.__new__(cls))

    def fill(self) -> None:
        # Children are numbered after their parents, so filling from the end builds
        # every value object before a set or dict key could hash it.
        setattr_ = object.__setattr__
        for index in range(len(self.raw) - 1, -1, -1):
            ci, values = self.raw[index]
            obj = self.objects[index]
            names = self.field_lists[ci]
            if len(values) != len(names):
                raise CorruptEntry("wrong number of fields")
            for name, value in zip(names, values, strict=True):
                setattr_(obj, name, self.value(value))

    def value(self, value: Any) -> Any:
        t = type(value)
        if t is str or t is int or t is bool or value is None or t is float:
            return value
        if t is list:
            return [self.value(x) for x in value]
        if t is not dict or len(value) != 1:
            raise CorruptEntry("unexpected value")
        ((tag, body),) = value.items()
        if tag == "@":
            return self.objects[body]
        if tag == "t":
            return tuple(self.value(x) for x in body)
        if tag == "d":
            return {self.value(k): self.value(v) for k, v in body}
        if tag == "s":
            return {self.value(x) for x in body}
        if tag == "f":
            return frozenset(self.value(x) for x in body)
        if tag == "e":
            cls = self.classes[body[0]]
            if not issubclass(cls, Enum):
                raise CorruptEntry("not an enum")
            return cls(body[1])
        raise CorruptEntry(f"unknown tag {tag!r}")


def decode_value(data: Any) -> Any:
    """What :func:`encode` was given (a new, equal object graph); :class:`CorruptEntry`
    when ``data`` is not what :func:`encode` makes."""
    try:
        if data.get("v") != FORMAT:
            raise CorruptEntry("another format")
        dec = _Decoder(data)
        dec.fill()
        return dec.value(data["r"])
    except CorruptEntry:
        raise
    except Exception as exc:  # any malformed shape: a wrong type, a bad index
        raise CorruptEntry(f"{type(exc).__name__}: {exc}") from exc


def decode(data: Any) -> FileFacts:
    """The :class:`FileFacts` :func:`encode` was given."""
    root = decode_value(data)
    if not _is_facts(root):
        raise CorruptEntry("the root is not a FileFacts")
    facts: FileFacts = root
    return facts
