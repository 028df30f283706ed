"""The version of the docker SDK for Python a project pins.

Which fix the Python writer can emit depends on it: ``networking_config=`` on
``containers.run/create`` exists only from docker 7.0.0; before 3.6.0 a ``None`` link
alias was sent as ``name:None``; before 2.0 the package was ``docker-py`` and
``start(links=…)`` still worked.

:func:`find_pin` looks in the directory of a Python file and its parents up to the
project root (nearest first). In each directory lock files come first (they name the
installed version), then manifests:

================================= ==============================================
file                              what is read
================================= ==============================================
``poetry.lock``, ``uv.lock``,     ``[[package]]`` with ``name = "docker"``
``pdm.lock``
``Pipfile.lock``                  ``default`` / ``develop`` → ``docker.version``
``requirements*.txt``,            ``docker[extras] <specifiers>`` lines (also
``requirements/*.txt``,           ``docker-py``, the pre-2.0 name), ``-r`` /
``constraints*.txt``, ``*.in``    ``-c`` files next to them
``pyproject.toml``                PEP 621 dependencies and optional dependencies,
                                  dependency groups, Poetry dependencies and groups
                                  (``^6.1``, ``~6.1``, tables with ``version``)
``Pipfile``                       ``[packages]`` / ``[dev-packages]``
``setup.cfg``                     ``install_requires`` / ``extras_require`` lines
``setup.py``                      requirement strings in the file
================================= ==============================================

A pin is an interval of versions. :meth:`SdkPin.at_least` answers True when every
version it allows is at least the given one, False when none is, None when it cannot
say (``docker>=5``: whatever is newest when installed).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from delink.readfile import ReadError, is_dir, is_file, read_bytes, read_text

__all__ = ["SdkPin", "find_pin", "parse_specifier", "parse_version", "pin_from_config"]

Version = tuple[int, int, int]

_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")
_CLAUSE = re.compile(r"\s*(===|==|!=|~=|<=|>=|<|>|\^|~)?\s*([0-9][0-9A-Za-z.*+!-]*|\*)\s*")
_REQ_LINE = re.compile(
    r"^\s*(?P<name>docker(?:[-_.]py)?)\s*(?:\[[^\]]*\])?\s*(?P<spec>(?:[<>=!~^][^;#\\]*)?)\s*(?:[;#\\].*)?$",
    re.IGNORECASE,
)
_REQ_STRING = re.compile(
    r"""['"]\s*(?P<name>docker(?:[-_.]py)?)\s*(?:\[[^\]'"]*\])?\s*(?P<spec>[<>=!~][^'";]*)?\s*(?:;[^'"]*)?['"]""",
    re.IGNORECASE,
)
_INCLUDE = re.compile(r"^\s*-[rc]\s+(\S+)|^\s*--(?:requirement|constraint)[ =](\S+)")


def parse_version(text: str) -> Version | None:
    m = _VERSION.match(text.strip().lstrip("v"))
    if m is None:
        return None
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))


@dataclass(frozen=True)
class SdkPin:
    """The versions a pin allows: ``[lower, upper)`` (``upper_inclusive`` for ``<=``)."""

    spec: str  # as written: "docker>=6.1,<7", "7.1.0"
    source: str  # "requirements.txt:3", "poetry.lock", "configuration (docker-sdk-version)"
    lower: Version | None = None
    upper: Version | None = None
    upper_inclusive: bool = False
    lower_exclusive: bool = False

    @property
    def exact(self) -> Version | None:
        if self.lower is not None and self.lower == self.upper and self.upper_inclusive:
            return self.lower
        return None

    def at_least(self, v: Version) -> bool | None:
        if self.lower is not None and self.lower >= v:
            return True
        if self.upper is not None and (
            self.upper < v or (self.upper == v and not self.upper_inclusive)
        ):
            return False
        return None

    def describe(self) -> str:
        return f"`{self.spec}` ({self.source})"


def _next(v: Version, depth: int) -> Version:
    """The first version after the ``depth`` leading parts: (6,1,0),1 → (7,0,0)."""
    if depth <= 1:
        return (v[0] + 1, 0, 0)
    if depth == 2:
        return (v[0], v[1] + 1, 0)
    return (v[0], v[1], v[2] + 1)


def _parts(text: str) -> int:
    return len([p for p in text.split(".") if p and p != "*"])


def parse_specifier(spec: str, source: str, name: str = "docker") -> SdkPin | None:
    """A pin from PEP 440 specifiers (``>=6.1,<7``, ``==6.*``, ``~=6.1``) or Poetry
    constraints (``^6.1``, ``~6.1``, ``*``); None when nothing in it bounds a version."""
    lower: Version | None = None
    upper: Version | None = None
    upper_inc = False
    lower_exc = False
    text = spec.strip()
    legacy = name.lower().replace("_", "-").replace(".", "-") == "docker-py"
    if not text or text == "*":
        if legacy:
            return SdkPin(f"{name}{spec}".strip(), source, None, (2, 0, 0))
        return None
    for clause in re.split(r"\s*(?:,|\|\|)\s*|\s+(?=[<>=!~^])", text):
        if not clause:
            continue
        m = _CLAUSE.fullmatch(clause)
        if m is None:
            return None
        op = m.group(1) or "=="
        vtext = m.group(2)
        if vtext == "*":
            continue
        v = parse_version(vtext)
        if v is None:
            return None
        wildcard = vtext.endswith("*")
        if op in ("==", "===") and wildcard:
            lo, hi, inc = v, _next(v, _parts(vtext)), False
            lower, upper, upper_inc = _max(lower, lo), *_min(upper, upper_inc, hi, inc)
        elif op in ("==", "==="):
            lower, upper, upper_inc = _max(lower, v), *_min(upper, upper_inc, v, True)
        elif op == ">=":
            lower = _max(lower, v)
        elif op == ">":
            if lower is None or v >= lower:
                lower, lower_exc = v, True
        elif op == "<":
            upper, upper_inc = _min(upper, upper_inc, v, False)
        elif op == "<=":
            upper, upper_inc = _min(upper, upper_inc, v, True)
        elif op == "~=":
            n = _parts(vtext)
            lower = _max(lower, v)
            upper, upper_inc = _min(upper, upper_inc, _next(v, max(1, n - 1)), False)
        elif op == "^":
            lower = _max(lower, v)
            depth = 1 if v[0] else (2 if v[1] else 3)
            upper, upper_inc = _min(upper, upper_inc, _next(v, depth), False)
        elif op == "~":
            lower = _max(lower, v)
            upper, upper_inc = _min(
                upper, upper_inc, _next(v, 2 if _parts(vtext) > 1 else 1), False
            )
    if legacy and (upper is None or upper > (2, 0, 0)):
        upper, upper_inc = (2, 0, 0), False
    if lower is None and upper is None:
        return None
    shown = f"{name}{text}" if text[0] in "<>=!~^" else f"{name} {text}"
    return SdkPin(shown, source, lower, upper, upper_inc, lower_exc)


def _max(a: Version | None, b: Version) -> Version:
    return b if a is None or b > a else a


def _min(a: Version | None, a_inc: bool, b: Version, b_inc: bool) -> tuple[Version, bool]:
    if a is None or b < a or (b == a and not b_inc):
        return b, b_inc
    return a, a_inc


def pin_from_config(value: str) -> SdkPin | None:
    if not value.strip():
        return None
    v = parse_version(value)
    if v is None:
        return None
    return SdkPin(value.strip(), "configuration `docker-sdk-version`", v, v, True)


# -- files -----------------------------------------------------------------------------


def _exact(version: str, source: str, name: str = "docker") -> SdkPin | None:
    v = parse_version(version)
    if v is None:
        return None
    if name.lower().replace("_", "-") == "docker-py" and v >= (2, 0, 0):
        return None
    return SdkPin(f"{name}=={version}", source, v, v, True)


def _load_toml(path: Path) -> dict[str, object] | None:
    from delink.config import _toml_loads

    try:
        data = _toml_loads(read_bytes(path).decode("utf-8"))
    except (ReadError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _lock_packages(path: Path) -> SdkPin | None:
    data = _load_toml(path)
    if data is None:
        return None
    packages = data.get("package")
    if not isinstance(packages, list):
        return None
    for pkg in packages:
        if isinstance(pkg, dict) and str(pkg.get("name", "")).lower() in ("docker", "docker-py"):
            version = pkg.get("version")
            if isinstance(version, str):
                return _exact(version, path.name, str(pkg["name"]))
    return None


def _pipfile_lock(path: Path) -> SdkPin | None:
    try:
        data = json.loads(read_bytes(path).decode("utf-8"))
    except (ReadError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    for section in ("default", "develop"):
        pkgs = data.get(section)
        if not isinstance(pkgs, dict):
            continue
        for name in ("docker", "docker-py"):
            entry = pkgs.get(name)
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                return _exact(entry["version"].lstrip("="), path.name, name)
    return None


def _requirements(path: Path, seen: set[Path] | None = None) -> SdkPin | None:
    seen = seen if seen is not None else set()
    if path in seen:
        return None
    seen.add(path)
    try:
        lines = read_text(path).splitlines()
    except ReadError:
        return None
    includes = []
    for row, line in enumerate(lines, 1):
        m = _REQ_LINE.match(line)
        if m is not None:
            pin = parse_specifier(m.group("spec").strip(), f"{path.name}:{row}", m.group("name"))
            if pin is not None:
                return pin
        inc = _INCLUDE.match(line)
        if inc is not None:
            includes.append(path.parent / (inc.group(1) or inc.group(2)))
    for other in includes:
        if is_file(other):
            pin = _requirements(other, seen)
            if pin is not None:
                return pin
    return None


def _from_strings(strings: list[str], source: str) -> SdkPin | None:
    for s in strings:
        m = _REQ_LINE.match(s)
        if m is not None:
            pin = parse_specifier(m.group("spec").strip(), source, m.group("name"))
            if pin is not None:
                return pin
    return None


def _pyproject(path: Path) -> SdkPin | None:
    data = _load_toml(path)
    if data is None:
        return None
    strings: list[str] = []
    project = data.get("project")
    if isinstance(project, dict):
        deps = project.get("dependencies")
        if isinstance(deps, list):
            strings += [d for d in deps if isinstance(d, str)]
        opt = project.get("optional-dependencies")
        if isinstance(opt, dict):
            for group in opt.values():
                if isinstance(group, list):
                    strings += [d for d in group if isinstance(d, str)]
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group in groups.values():
            if isinstance(group, list):
                strings += [d for d in group if isinstance(d, str)]
    pin = _from_strings(strings, "pyproject.toml")
    if pin is not None:
        return pin
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict):
        tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
        pgroups = poetry.get("group")
        if isinstance(pgroups, dict):
            tables += [g.get("dependencies") for g in pgroups.values() if isinstance(g, dict)]
        for table in tables:
            pin = _poetry_table(table, "pyproject.toml [tool.poetry]")
            if pin is not None:
                return pin
    return None


def _poetry_table(table: object, source: str) -> SdkPin | None:
    if not isinstance(table, dict):
        return None
    for name in ("docker", "docker-py"):
        entry = table.get(name)
        if isinstance(entry, dict):
            entry = entry.get("version")
        if isinstance(entry, str):
            pin = parse_specifier(entry, source, name)
            if pin is not None:
                return pin
    return None


def _pipfile(path: Path) -> SdkPin | None:
    data = _load_toml(path)
    if data is None:
        return None
    for section in ("packages", "dev-packages"):
        pin = _poetry_table(data.get(section), f"Pipfile [{section}]")
        if pin is not None:
            return pin
    return None


def _setup_cfg(path: Path) -> SdkPin | None:
    try:
        lines = read_text(path).splitlines()
    except ReadError:
        return None
    for row, line in enumerate(lines, 1):
        text = line.split("=", 1)[1] if re.match(r"\s*(install_requires|\w+)\s*=", line) else line
        m = _REQ_LINE.match(text)
        if m is not None:
            pin = parse_specifier(m.group("spec").strip(), f"setup.cfg:{row}", m.group("name"))
            if pin is not None:
                return pin
    return None


def _setup_py(path: Path) -> SdkPin | None:
    try:
        text = read_text(path)
    except ReadError:
        return None
    for m in _REQ_STRING.finditer(text):
        row = text.count("\n", 0, m.start()) + 1
        pin = parse_specifier((m.group("spec") or "").strip(), f"setup.py:{row}", m.group("name"))
        if pin is not None:
            return pin
    return None


def _in_dir(directory: Path) -> SdkPin | None:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return None
    readers = []
    for lock in ("poetry.lock", "uv.lock", "pdm.lock"):
        if lock in names:
            readers.append((directory / lock, _lock_packages))
    if "Pipfile.lock" in names:
        readers.append((directory / "Pipfile.lock", _pipfile_lock))
    reqs = [
        n
        for n in names
        if (n.startswith(("requirements", "constraints")) and n.endswith((".txt", ".in")))
    ]
    readers += [(directory / n, _requirements) for n in reqs]
    if "requirements" in names and is_dir(directory / "requirements"):
        try:
            inner = sorted(os.listdir(directory / "requirements"))
        except OSError:
            inner = []
        readers += [
            (directory / "requirements" / n, _requirements)
            for n in inner
            if n.endswith((".txt", ".in"))
        ]
    for name, reader in (
        ("pyproject.toml", _pyproject),
        ("Pipfile", _pipfile),
        ("setup.cfg", _setup_cfg),
        ("setup.py", _setup_py),
    ):
        if name in names:
            readers.append((directory / name, reader))
    for path, reader in readers:
        if is_file(path):
            pin = reader(path)
            if pin is not None:
                return pin
    return None


def _search(directory: str, root: str) -> SdkPin | None:
    d = Path(directory)
    r = Path(root)
    while True:
        pin = _in_dir(d)
        if pin is not None:
            rel = os.path.relpath(d, r) if (d == r or r in d.parents) else str(d)
            if rel != ".":
                pin = SdkPin(
                    pin.spec,
                    f"{rel}/{pin.source}",
                    pin.lower,
                    pin.upper,
                    pin.upper_inclusive,
                    pin.lower_exclusive,
                )
            return pin
        if d == r or d.parent == d or (r not in d.parents and os.path.lexists(d / ".git")):
            return None
        d = d.parent


def find_pin(path: str, root: Path) -> SdkPin | None:
    """The pin of ``docker`` that governs the Python file ``path`` (nearest first).
    Not cached here: files change between runs (the project model caches per run)."""
    directory = Path(os.path.abspath(path)).parent
    return _search(str(directory), str(Path(os.path.abspath(root))))
