"""``docker rm`` / ``docker container rm``: a container removed (its name is free again),
or, with ``--link``, the removal of a legacy link."""

from __future__ import annotations

from delink.facts import LinkRemoval, NameChange
from delink.sources.shell import dockercli
from delink.sources.shell.command import DockerCall


def handle(call: DockerCall) -> None:
    ex, cmd = call.ex, call.cmd
    p = dockercli.parse_flags(cmd.words, call.after, dockercli.RM, interspersed=True)
    d = cmd.words[call.docker]
    start = d.start if d.src == 0 else cmd.start
    span = ex.span(min(start, cmd.start), cmd.end)
    if not p.get("link"):
        order = cmd.order
        for w in p.args:
            ex.facts.name_changes.append(NameChange(ex.value(w), span, order=order))
        return
    for w in p.args:
        ex.facts.removals.append(LinkRemoval(span, ex.value(w)))
