"""Every package directory is listed in pyproject.toml, so that a wheel holds it."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "delink").rglob("__init__.py")
    }
    found.add("delink.rules")
    assert found <= listed, sorted(found - listed)
    assert (ROOT / "rules" / "__init__.py").is_file()
