"""Commands that show what delink knows, beside ``check`` and ``fix``.

* :mod:`delink.commands.explain`: what each consumer gets from its links (``delink explain``);
* :mod:`delink.commands.report`: migration status per link group (``delink report``);
* :mod:`delink.commands.inspect`: a live audit of a Docker daemon (``delink inspect``).

:func:`add_commands` registers their options (this module is cheap to import: the
command modules are imported only by :func:`run_command`, for the command that runs).
Each command module has ``run(args, out, err, settings) -> int``; ``settings`` is the
command line's loader of the configuration for a list of paths.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from delink.project import Project
    from delink.settings import Settings

    SettingsLoader = Callable[[argparse.Namespace, list[str]], Settings]

__all__ = ["COMMANDS", "CommandError", "add_commands", "run_command", "warn_unread"]

COMMANDS = {
    "explain": "delink.commands.explain",
    "report": "delink.commands.report",
    "inspect": "delink.commands.inspect",
}


class CommandError(Exception):
    """A problem the user can act on (no daemon, a bad baseline): message, exit 2."""


def _project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    parser.add_argument("--config", metavar="PATH", help="use this configuration file")
    parser.add_argument(
        "--engine", metavar="VERSION", help="Docker Engine version the project runs on"
    )
    parser.add_argument(
        "--no-gitignore", action="store_true", help="also read files .gitignore ignores"
    )


def add_commands(sub: Any) -> None:
    """Add ``explain``, ``report`` and ``inspect`` to the ``delink`` subcommands."""
    explain = sub.add_parser(
        "explain", help="show what each container gets from its links (env, /etc/hosts)"
    )
    _project_options(explain)
    which = explain.add_mutually_exclusive_group()
    which.add_argument("--container", metavar="NAME", help="only the container named NAME")
    which.add_argument("--service", metavar="NAME", help="only the Compose service NAME")
    explain.add_argument("--format", choices=("text", "json"), default="text")

    report = sub.add_parser("report", help="migration status per link group")
    _project_options(report)
    report.add_argument(
        "--baseline",
        metavar="FILE",
        help="show progress since this baseline (delink check --write-baseline FILE)",
    )
    report.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    report.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output (auto: on a terminal without NO_COLOR)",
    )

    inspect = sub.add_parser(
        "inspect",
        help="audit the containers of a running Docker daemon for legacy links "
        "(needs delink[inspect])",
    )
    inspect.add_argument(
        "--host", metavar="URL", help="the daemon (default: DOCKER_HOST, else the local socket)"
    )
    inspect.add_argument(
        "--keep-legacy-env",
        action="store_true",
        help="the daemon runs with DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1",
    )
    inspect.add_argument("--format", choices=("text", "json"), default="text")


def warn_unread(project: Project, err: TextIO) -> None:
    """One warning line per file delink could not read (DLK102 of ``delink check``):
    what ``explain`` and ``report`` say leaves those files out."""
    from delink.escape import escape_text

    for problem in project.problems:
        if problem.code == "DLK102":
            where = escape_text(problem.span.path)
            err.write(f"delink: warning: {where}: {escape_text(problem.message)}; not read\n")


def run_command(
    args: argparse.Namespace, out: TextIO, err: TextIO, settings: SettingsLoader
) -> int:
    """Run the command ``args.command``; a :class:`CommandError` exits 2 with its message."""
    from delink.escape import escape_text

    module = importlib.import_module(COMMANDS[args.command])
    try:
        code: int = module.run(args, out, err, settings)
    except CommandError as exc:
        err.write(f"delink: error: {escape_text(str(exc))}\n")
        return 2
    return code
