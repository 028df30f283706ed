"""``docker rename OLD NEW`` / ``docker container rename``: a container changes its name."""

from __future__ import annotations

from delink.facts import NameChange
from delink.sources.shell.command import DockerCall


def handle(call: DockerCall) -> None:
    ex, cmd = call.ex, call.cmd
    args = [
        w for w in cmd.words[call.after :] if w.literal is None or not w.literal.startswith("-")
    ]
    if len(args) != 2:
        return
    ex.facts.name_changes.append(
        NameChange(
            ex.value(args[0]), ex.span(cmd.start, cmd.end), ex.value(args[1]), order=cmd.order
        )
    )
