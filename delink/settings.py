"""Settings that change what delink reports and how it fixes (``[tool.delink]``).

Loading them from ``pyproject.toml`` / ``.delink.toml`` is :mod:`delink.config`'s job;
this module only holds the values, so the pipeline and the rules can import it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_NETWORK = "{target}-net"
DEFAULT_ENGINE = "28.0"
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


@dataclass
class Settings:
    root: Path = field(default_factory=Path.cwd)  # the directory the config was found in
    config_path: Path | None = None
    # Network name for a migrated group of linked containers. Placeholders: {target} (the
    # first link target's container name) and {project} (the project directory's name).
    network: str = DEFAULT_NETWORK
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    # Extra image -> ports entries ("myorg/api" = ["8080/tcp"]); they win over the table.
    image_ports: dict[str, list[str]] = field(default_factory=dict)
    # Extra image -> ENV entries ("myorg/db" = { DB_USER = "app" }): the whole ENV the
    # image sets, for the values a link passed on as <ALIAS>_ENV_<NAME>.
    image_env: dict[str, dict[str, str]] = field(default_factory=dict)
    # The engine the project runs on: it decides the env algorithm and whether env is
    # injected at all (29+ only with DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1).
    engine: str = DEFAULT_ENGINE
    keep_legacy_env: bool = False
    # A consumer whose code is not in the repository (an external image): "read" writes
    # only the variables delink saw being read; "all" writes every variable the link injected.
    external_consumer_env: str = "read"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    # docker SDK for Python: the version to assume when no pin is found ("" = unknown).
    docker_sdk_version: str = ""
    respect_gitignore: bool = True
    # the least severe finding that makes `delink check` exit 1: "info", "warning", "error"
    fail_on: str = "warning"
