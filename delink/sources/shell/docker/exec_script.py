"""``docker exec CTR sh -c '…'``: a script run inside a running container."""

from __future__ import annotations

from delink.sources.shell import dockercli
from delink.sources.shell.command import DockerCall
from delink.sources.shell.flow import Flow
from delink.sources.shell.scripts import shell_script


def handle(call: DockerCall) -> None:
    p = dockercli.parse_flags(call.words, call.after, dockercli.EXEC)
    if len(p.args) > 1:
        script = shell_script(p.args[1:])
        if script is not None:
            call.ex.script(script, call.cmd, Flow(), host_side=False, container_key=None)
