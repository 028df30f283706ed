"""``docker tag SOURCE TARGET`` / ``docker image tag``: an image under a second reference
(a container run from TARGET runs the image built as SOURCE)."""

from __future__ import annotations

from delink.facts import ImageTag
from delink.sources.shell.command import DockerCall


def handle(call: DockerCall) -> None:
    ex, cmd = call.ex, call.cmd
    args = [
        w for w in cmd.words[call.after :] if w.literal is None or not w.literal.startswith("-")
    ]
    if len(args) != 2 or args[0].literal is None or args[1].literal is None:
        return
    ex.facts.tags.append(ImageTag(args[0].literal, args[1].literal, ex.span(cmd.start, cmd.end)))
