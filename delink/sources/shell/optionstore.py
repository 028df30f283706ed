"""Docker options stored by a tool and given to ``docker run`` later: dokku's
``docker-options:add APP PHASES OPTIONS…`` (and ``:remove``), the dokku plugin helpers
``add_passed_docker_option`` / ``remove_passed_docker_option``, and dokku
``docker-args-*`` hooks that print options (``echo "$STDIN --link db:db"``).

Their ``--link`` flags are links of every container the tool starts for the app, on the
default bridge: :class:`~delink.facts.Link` facts with no consumer (the containers are
not in the repository) and an ``origin`` that names the store. They are reported by
DLK310 with a suggestion only: the store is edited through the tool, not in the text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.model import LinkKind
from delink.sources.shell import dockercli
from delink.sources.shell.docker.links import read_link
from delink.sources.shell.words import LIT, Word

if TYPE_CHECKING:
    from delink.sources.shell.command import Command
    from delink.sources.shell.extract import Extractor
    from delink.sources.shell.flow import Flow

_HOOK = re.compile(r"(?:^|/)docker-args-[\w-]+$")
HEADS = frozenset({"dokku", "add_passed_docker_option", "remove_passed_docker_option"})


def is_hook(path: str) -> bool:
    """A dokku ``docker-args-*`` hook: what it prints are docker options."""
    return _HOOK.search(path.replace("\\", "/")) is not None


def store_command(ex: Extractor, cmd: Command, i: int, flow: Flow) -> bool:
    """Read ``words[i:]`` as a command that stores docker options; False when it is not
    one."""
    base = (cmd.words[i].literal or "").rsplit("/", 1)[-1]
    # the words as written: a stored option string keeps its `$NAME` (the tool expands it)
    words = cmd.orig[cmd.origin[i] :]
    i = 0
    sub = words[i + 1].literal if i + 1 < len(words) else None
    if base == "dokku" and sub in ("docker-options:add", "docker-options:remove"):
        options = words[i + 4 :]  # dokku docker-options:add APP PHASES OPTIONS…
        origin = f"dokku {sub}"
    elif base in ("add_passed_docker_option", "remove_passed_docker_option"):
        options = words[i + 2 :]  # helper PHASES_ARRAY[@] OPTIONS…
        origin = base
    elif base in ("echo", "printf") and is_hook(ex.path):
        options = words[i + 1 :]
        origin = "docker-args hook"
    else:
        return False
    split = [part for w in options for part in _fields(w)]
    parsed = dockercli.parse_flags(split, 0, dockercli.RUN, interspersed=True)
    for o in parsed.get("link"):
        link = read_link(ex, cmd, o, None, LinkKind.LEGACY, origin, flow)
        if link is not None:
            ex.facts.links.append(link)
    return True


def _fields(w: Word) -> list[Word]:
    """A word split at its blanks, as the tool splits a stored option string."""
    out: list[Word] = []
    start = 0
    for k, u in enumerate(w.units):
        if u.kind == LIT and u.text in " \t\n":
            if k > start:
                out.append(w.part(start, k))
            start = k + 1
    if start < len(w.units):
        out.append(w.part(start))
    return out
