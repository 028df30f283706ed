"""``docker build -t TAG CONTEXT``: images built in the repository (their Dockerfile
tells which link env vars the containers of that image read)."""

from __future__ import annotations

import os

from delink.facts import ImageBuild
from delink.sources.shell import dockercli
from delink.sources.shell.command import DockerCall


def handle(call: DockerCall) -> None:
    ex, cmd = call.ex, call.cmd
    p = dockercli.parse_flags(cmd.words, call.after, dockercli.BUILD, interspersed=True)
    if not p.args:
        return
    ctx_word = p.args[0].literal
    if ctx_word is None or ctx_word == "-" or "://" in ctx_word or ctx_word.startswith("git@"):
        return
    context = os.path.normpath(os.path.join(os.path.dirname(ex.path), ctx_word))
    for o in p.get("tag"):
        if o.value is None:
            continue
        span = ex.span(cmd.start, cmd.end)
        if o.value.literal:
            ex.facts.images.append(ImageBuild(o.value.literal, context, span))
        elif o.value.display:
            # a tag written with a variable names the same image where the same text runs
            ex.facts.images.append(ImageBuild(o.value.display, context, span, static=False))
