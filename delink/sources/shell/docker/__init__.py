"""One handler per docker subcommand, each given a :class:`DockerCall`.

:data:`HANDLERS` maps the subcommand words (as :func:`~delink.sources.shell.dockercli.
subcommand` returns them) to the handler; the modules here are one per subcommand
(:mod:`.run` for run and create, :mod:`.network`, :mod:`.rm`, :mod:`.rename`,
:mod:`.build`, :mod:`.tag`, :mod:`.exec_script`) plus :mod:`.links` (``--link`` values,
shared by run and network connect).
"""

from __future__ import annotations

from collections.abc import Callable

from delink.sources.shell.command import DockerCall
from delink.sources.shell.docker import build, exec_script, network, rename, rm, run, tag

Handler = Callable[[DockerCall], None]

HANDLERS: dict[tuple[str, ...], Handler] = {
    ("run",): run.handle,
    ("create",): run.handle,
    ("container", "run"): run.handle,
    ("container", "create"): run.handle,
    ("network", "connect"): network.connect,
    ("network", "create"): network.create,
    ("rm",): rm.handle,
    ("container", "rm"): rm.handle,
    ("build",): build.handle,
    ("image", "build"): build.handle,
    ("buildx", "build"): build.handle,
    ("rename",): rename.handle,
    ("container", "rename"): rename.handle,
    ("tag",): tag.handle,
    ("image", "tag"): tag.handle,
    ("exec",): exec_script.handle,
    ("container", "exec"): exec_script.handle,
}


def handle(call: DockerCall) -> None:
    handler = HANDLERS.get(call.names)
    if handler is not None:
        handler(call)
