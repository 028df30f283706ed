"""``docker rm --link`` / ``docker container rm -l``: removal of a legacy link."""

from __future__ import annotations

from delink.facts import LinkRemoval
from delink.sources.shell import dockercli
from delink.sources.shell.command import DockerCall


def handle(call: DockerCall) -> None:
    ex, cmd = call.ex, call.cmd
    p = dockercli.parse_flags(cmd.words, call.after, dockercli.RM, interspersed=True)
    if not p.get("link"):
        return
    d = cmd.words[call.docker]
    start = d.start if d.src == 0 else cmd.start
    for w in p.args:
        ex.facts.removals.append(LinkRemoval(ex.span(min(start, cmd.start), cmd.end), ex.value(w)))
