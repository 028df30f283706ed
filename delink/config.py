"""Loading :class:`~delink.settings.Settings` from ``.delink.toml`` / ``pyproject.toml``.

Search starts at the checked path (a file's directory) and goes up; the nearest
configuration wins, and in one directory ``.delink.toml`` beats ``pyproject.toml``.
A ``pyproject.toml`` counts only when it has a ``[tool.delink]`` table; a
``.delink.toml`` always counts (top-level keys, or a ``[tool.delink]`` table).

Every mistake in a configuration is a :class:`ConfigError` that names the file, the
key and what was expected; the command line prints it and exits 2.
"""

from __future__ import annotations

import os
import re
import string
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from delink.readfile import ReadError, is_dir, is_file, read_bytes
from delink.settings import Settings

DELINK_TOML = ".delink.toml"
PYPROJECT = "pyproject.toml"
_MAX_CONFIG = 10 * 1024 * 1024  # a configuration larger than this is not one


class ConfigError(Exception):
    """A configuration file that cannot be used: unreadable, invalid TOML or bad values."""

    def __init__(self, path: Path | str | None, key: str | None, message: str) -> None:
        self.path = str(path) if path is not None else None
        self.key = key
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        key = f"`{self.key}`: " if self.key else ""
        return f"{where}{key}{self.message}"


def _toml_loads(text: str) -> dict[str, Any]:
    import importlib

    # tomllib is in the standard library from 3.11; tomli is the same parser for 3.10.
    module = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    data: dict[str, Any] = module.loads(text)
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = read_bytes(path, _MAX_CONFIG).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, f"not valid UTF-8: {exc.reason}") from None
    except ReadError as exc:
        raise ConfigError(path, None, f"cannot read: {exc}") from None
    try:
        return _toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise ConfigError(path, None, f"invalid TOML: {exc}") from None


def _tool_table(data: dict[str, Any]) -> dict[str, Any] | None:
    tool = data.get("tool")
    if not isinstance(tool, dict):
        return None
    table = tool.get("delink")
    return table if isinstance(table, dict) else None


def _has_tool_table(path: Path) -> bool:
    """Cheap check before parsing: does this pyproject.toml mention ``tool.delink``?"""
    try:
        raw = read_bytes(path, _MAX_CONFIG)
    except ReadError:
        return False
    return b"tool.delink" in raw or b'tool."delink"' in raw


def _exists(path: Path) -> bool:
    """Whether something is at ``path`` (a FIFO named delink.toml too: reading it
    then says what it is, instead of the search silently passing it by)."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def find_config(start: Path) -> Path | None:
    """The nearest configuration at or above ``start`` (a file or a directory)."""
    start = Path(start).absolute()
    directory = start if is_dir(start) else start.parent
    while not os.path.exists(directory) and directory != directory.parent:
        directory = directory.parent
    # A directory that cannot be searched (no permission) holds no configuration delink
    # can see: the search goes on above it, and reading the files in it reports the error.
    for d in (directory, *directory.parents):
        candidate = d / DELINK_TOML
        if _exists(candidate):
            return candidate
        candidate = d / PYPROJECT
        if is_file(candidate) and _has_tool_table(candidate):
            data = _read_toml(candidate)
            if _tool_table(data) is not None:
                return candidate
    return None


def load_settings(start: Path, explicit: Path | None = None) -> Settings:
    """Settings for a run that checks ``start``: from ``explicit`` when given, else from
    the nearest configuration above ``start``, else the defaults (rooted at the cwd)."""
    if explicit is not None:
        explicit = Path(explicit)
        if not _exists(explicit):
            raise ConfigError(explicit, None, "no such file")
        if is_dir(explicit):
            raise ConfigError(explicit, None, "is a directory, expected a TOML file")
        path: Path | None = explicit
    else:
        path = find_config(start)
    if path is None:
        return Settings()
    return settings_from_file(path)


def settings_from_file(path: Path) -> Settings:
    data = _read_toml(path)
    table: dict[str, Any]
    if path.name == PYPROJECT:
        found = _tool_table(data)
        if found is None:
            raise ConfigError(path, None, "has no [tool.delink] table")
        table = found
        prefix = "tool.delink."
    else:
        table = {k: v for k, v in data.items() if k != "tool"}
        prefix = ""
        nested = _tool_table(data)
        if nested is not None:
            for key, value in nested.items():
                if key in table:
                    raise ConfigError(
                        path, key, "set both at the top level and in [tool.delink]; keep one"
                    )
                table[key] = value
    settings = Settings(root=path.absolute().parent, config_path=path)
    apply_table(settings, table, path, prefix)
    return settings


# -- values ---------------------------------------------------------------------------


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _got(value: object) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"got {value!r}"
    return f"got {_type_name(value)}"


class _Ctx:
    def __init__(self, path: Path | None, key: str) -> None:
        self.path = path
        self.key = key

    def error(self, message: str) -> ConfigError:
        return ConfigError(self.path, self.key, message)


def _string(value: object, ctx: _Ctx) -> str:
    if not isinstance(value, str):
        raise ctx.error(f"expected a string, {_got(value)}")
    return value


def _bool(value: object, ctx: _Ctx) -> bool:
    if not isinstance(value, bool):
        raise ctx.error(f"expected true or false, {_got(value)}")
    return value


def _string_list(value: object, ctx: _Ctx) -> list[str]:
    if not isinstance(value, list):
        raise ctx.error(f"expected an array of strings, {_got(value)}")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ctx.error(f"expected an array of strings, item {i + 1} is {_type_name(item)}")
        out.append(item)
    return out


def _network(value: object, ctx: _Ctx) -> str:
    text = _string(value, ctx).strip()
    if not text:
        raise ctx.error("expected a network name (placeholders {target} and {project}), got ''")
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise ctx.error(f"bad placeholder in {text!r}: {exc}") from None
    for name in fields:
        if name not in ("target", "project"):
            raise ctx.error(
                f"unknown placeholder {{{name}}} in {text!r}; use {{target}} or {{project}}"
            )
    return text


def _selectors(value: object, ctx: _Ctx) -> list[str]:
    items = _string_list(value, ctx)
    out: list[str] = []
    for item in items:
        out.extend(t.strip() for t in item.split(",") if t.strip())
    return out


def _table(
    value: object, ctx: _Ctx, shape: str, entry: Callable[[object, _Ctx], list[str]]
) -> dict[str, list[str]]:
    """A TOML table whose every value ``entry`` checks (errors name ``key.<name>``)."""
    if not isinstance(value, dict):
        raise ctx.error(f"expected a table of {shape}, {_got(value)}")
    return {name: entry(item, _Ctx(ctx.path, f"{ctx.key}.{name}")) for name, item in value.items()}


def _codes(value: object, ctx: _Ctx) -> list[str]:
    return _selectors([value] if isinstance(value, str) else value, ctx)


def _per_file_ignores(value: object, ctx: _Ctx) -> dict[str, list[str]]:
    return _table(value, ctx, 'glob = ["CODE", ...]', _codes)


_PORT = re.compile(r"^(\d{1,5})(?:/(tcp|udp|sctp))?$", re.IGNORECASE)


def _port(item: object, ctx: _Ctx) -> str:
    if isinstance(item, int) and not isinstance(item, bool):
        text = str(item)
    elif isinstance(item, str):
        text = item.strip()
    else:
        raise ctx.error(f'expected ports like 5432 or "5432/tcp", got {_type_name(item)}')
    m = _PORT.match(text)
    if not m or not 1 <= int(m.group(1)) <= 65535:
        raise ctx.error(f'expected ports like 5432 or "53/udp" (1-65535), got {item!r}')
    return f"{int(m.group(1))}/{(m.group(2) or 'tcp').lower()}"


def _ports(value: object, ctx: _Ctx) -> list[str]:
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        raise ctx.error(f'expected an array of ports like ["5432/tcp"], {_got(value)}')
    return [_port(p, ctx) for p in value]


def _image_ports(value: object, ctx: _Ctx) -> dict[str, list[str]]:
    return _table(value, ctx, 'image = ["5432/tcp", ...]', _ports)


_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _env_map(value: object, ctx: _Ctx) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ctx.error(f'expected a table of env values like {{ DB_USER = "app" }}, {_got(value)}')
    out: dict[str, str] = {}
    for name, item in value.items():
        if not _ENV_NAME.match(name):
            raise ctx.error(f"expected env variable names, got {name!r}")
        if not isinstance(item, str):
            raise ctx.error(f"expected a string value for {name}, got {_type_name(item)}")
        out[name] = item
    return out


def _image_env(value: object, ctx: _Ctx) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise ctx.error(f'expected a table of image = {{ NAME = "value", ... }}, {_got(value)}')
    return {
        name: _env_map(item, _Ctx(ctx.path, f"{ctx.key}.{name}")) for name, item in value.items()
    }


def check_engine(value: object, ctx_key: str = "engine", path: Path | None = None) -> str:
    """Validate an engine version (from a config or ``--engine``)."""
    ctx = _Ctx(path, ctx_key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ctx.error(
            f'expected a version string such as "28.0" or "20.10.24", got the number {value!r}'
            " (quote it: a TOML number loses digits, 20.10 becomes 20.1)"
        )
    text = _string(value, ctx).strip()
    from delink.model.version import parse_engine

    try:
        parse_engine(text)
    except ValueError:
        raise ctx.error(
            f'expected a Docker Engine version such as "28.0", "20.10.24" or "v29.0.0", '
            f"got {text!r}"
        ) from None
    return text


def _engine(value: object, ctx: _Ctx) -> str:
    return check_engine(value, ctx.key, ctx.path)


def _external(value: object, ctx: _Ctx) -> str:
    text = _string(value, ctx)
    if text not in ("read", "all"):
        raise ctx.error(f'expected "read" or "all", got {text!r}')
    return text


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(value: object, ctx_key: str = "max-file-size", path: Path | None = None) -> int:
    """Bytes from an integer or a string such as ``"10MB"``, ``"512 KiB"`` (1 KB = 1024 B)."""
    ctx = _Ctx(path, ctx_key)
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str):
        m = _SIZE.match(value)
        if not m:
            raise ctx.error(f'expected a size in bytes or like "10MB", "512KB", got {value!r}')
        unit = (m.group(2) or "").lower()[:1]
        size = int(float(m.group(1)) * _UNITS[unit])
    else:
        raise ctx.error(f'expected a size in bytes or like "10MB", {_got(value)}')
    if size <= 0:
        raise ctx.error(f"expected a size above zero, got {value!r}")
    return size


def format_size(size: int) -> str:
    """``512 bytes``, ``1.5 KB``, ``10 MB`` (1 KB = 1024 bytes, as ``max-file-size``)."""
    if size < 1024:
        return f"{size} bytes"
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"  # pragma: no cover


_SDK = re.compile(r"^\d+(?:\.\d+){0,2}$")


def _sdk_version(value: object, ctx: _Ctx) -> str:
    text = _string(value, ctx).strip()
    if text and not _SDK.match(text):
        raise ctx.error(f'expected a docker SDK version such as "6.1.3", got {text!r}')
    return text


def _fail_on(value: object, ctx: _Ctx) -> str:
    text = _string(value, ctx)
    if text not in ("info", "warning", "error"):
        raise ctx.error(f'expected "info", "warning" or "error", got {text!r}')
    return text


_KEYS: dict[str, tuple[str, Callable[[object, _Ctx], object]]] = {
    "network": ("network", _network),
    "select": ("select", _selectors),
    "ignore": ("ignore", _selectors),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "exclude": ("exclude", _string_list),
    "image-ports": ("image_ports", _image_ports),
    "image-env": ("image_env", _image_env),
    "engine": ("engine", _engine),
    "keep-legacy-env": ("keep_legacy_env", _bool),
    "external-consumer-env": ("external_consumer_env", _external),
    "max-file-size": ("max_file_size", lambda v, c: parse_size(v, c.key, c.path)),
    "docker-sdk-version": ("docker_sdk_version", _sdk_version),
    "respect-gitignore": ("respect_gitignore", _bool),
    "fail-on": ("fail_on", _fail_on),
}

KNOWN_KEYS = tuple(_KEYS)


def apply_table(
    settings: Settings, table: dict[str, Any], path: Path | None = None, prefix: str = ""
) -> Settings:
    """Validate a configuration table and set its values on ``settings``."""
    for key, value in table.items():
        entry = _KEYS.get(key)
        if entry is None:
            import difflib

            hint = ""
            close = difflib.get_close_matches(key.replace("_", "-"), KNOWN_KEYS, n=1)
            if close:
                hint = f"; did you mean `{close[0]}`?"
            raise ConfigError(
                path,
                prefix + key,
                f"unknown key{hint} (known keys: {', '.join(KNOWN_KEYS)})",
            )
        attr, convert = entry
        setattr(settings, attr, convert(value, _Ctx(path, prefix + key)))
    return settings
