"""Raw-byte tests that decide which files are parsed, and what the second phase needs.

A file is parsed in the first phase only when its bytes hold a link word
(:func:`is_candidate`). Every other file is summed up by :func:`hints_of` in the same
pass: the few facts the second phase asks about (``X_PORT`` / ``X_NAME`` prefixes,
``--name`` / ``-t`` values of docker commands, Compose keys), so that the second phase
needs neither the bytes kept in memory nor a second read, and the cache can store them.

Each test is a substring search (``bytes.__contains__``, C speed); regular expressions
run only over the files a substring admits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "AMBIGUOUS_READ",
    "Hints",
    "ambiguous_prefixes",
    "hints_of",
    "is_candidate",
    "positional_links",
    "triage",
]

# A needle holding "link" is looked for only after one search for b"link" finds it:
# "-link" covers --link, -link and '--link' argv items, "links" Compose keys and SDK
# keywords, "link=" the SDK's link removal, "delink:" suppression comments to check.
# "_PORT_" / "_ENV_" (the unambiguous link vars) count for every language.
_LINK_NEEDLES: dict[str, tuple[bytes, ...]] = {
    "shell": (b"-link", b"delink:"),
    "dockerfile": (b"-link", b"delink:"),
    "compose": (b"links", b"delink:"),
    "python": (b"links", b"link=", b"-link", b"delink:"),
    "consumer": (b"delink:",),
    # ECS container definitions: JSON ("links":) and Terraform (links = / "links":)
    "json": (b'"links"', b"delink:"),
    "terraform": (b"links", b"delink:"),
}
# Needles without "link", looked for before that search, for the languages that have
# them: CloudFormation's ``Links:`` of ECS container definitions (YAML and JSON), and
# regexes over link var names whose alias is cut off (/^PORT_\d+_TCP$/, a named group
# /^PORT_(?<port>[0-9]+)_TCP$/) in code.
_OTHER_NEEDLES: dict[str, tuple[bytes, ...]] = {
    "compose": (b"Links:",),
    "json": (b'"Links"',),
    "consumer": (b"PORT_\\d", b"PORT_[0-9]", b"PORT_(?"),
}
_DEFAULT_LINK_NEEDLES = (b"-link", b"links", b"delink:")  # hosts of embedded shell and YAML
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


def is_candidate(data: bytes, language: str = "") -> bool:
    """Whether ``data`` may hold a link, a link var read or a suppression to check."""
    return triage(data, language) is None


def _candidate(data: bytes, language: str, port: bool) -> bool:
    # UTF-16/32 text (with a BOM) hides the needles between NUL bytes: always decode it.
    if data[:2] in _WIDE_BOMS or data[:4] == b"\x00\x00\xfe\xff":
        return True
    if (port and b"_PORT_" in data) or b"_ENV_" in data:
        return True
    other = _OTHER_NEEDLES.get(language)
    if other is not None and any(n in data for n in other):
        return True
    if b"link" in data and any(
        n in data for n in _LINK_NEEDLES.get(language, _DEFAULT_LINK_NEEDLES)
    ):
        return True
    if language == "python":
        return positional_links(data)
    # `docker rm -l /web/db` (the short flag of --link) in a file with no other link text
    return (
        language not in _NO_DOCKER_COMMANDS
        and b"docker" in data
        and _RM_LINK.search(data) is not None
    )


# Docker SDK calls that take links as a positional parameter, so that a file may pass
# links with no "link" text in it (delink/sources/python/sdk/args.py reads them): the
# names only the SDK spells, and in a file that names docker, the low-level ``start``
# (links: its sixth parameter) and a network's ``connect`` (links: its fifth) when a
# call has that many arguments. bench/prefilter_needles.py measured it over 3,937
# Python files of 340 mostly docker-related repositories and 2,766 of a virtualenv: it
# makes 1.0% and 0.1% more of them candidates (a bare "docker" needle: 13.3% and 1.8%).
_SDK_POSITIONAL_NAMES = (
    b"host_config",  # create_host_config(binds, port_bindings, lxc_conf, publish_all, links)
    b"HostConfig",  # HostConfig(version, binds, port_bindings, lxc_conf, publish_all, links)
    b"endpoint_config",  # create_endpoint_config(aliases, links)
    b"EndpointConfig",  # EndpointConfig(version, aliases, links)
    b"connect_container_to_network",  # (container, net_id, ipv4, ipv6, aliases, links)
)
# what the Python source needs to read a ``start`` or ``connect`` call at all
# (delink/sources/python/quick.py, ``_DOCKER_WORDS``)
_DOCKER_WORDS = (
    b"docker",
    b"Docker",
    b"DOCKER",
    b"create_container",
    b"remove_container",
    b"containers.",
)
_SCAN_CALL = 4000  # bytes of a call's arguments looked at


def positional_links(data: bytes) -> bool:
    """Whether a Python file may pass links to the docker SDK as a positional argument:
    a name of ``_SDK_POSITIONAL_NAMES``, or a word of ``_DOCKER_WORDS`` and a long
    enough ``start`` / ``connect`` call.

    Most Python files hold none of those needles, so each group is first looked for by
    a piece its needles share (four searches where there were eleven: a third of the
    time of a cold run's prefilter over Python files)."""
    if b"onfig" in data and any(n in data for n in _CONFIG_NAMES):
        return True
    container = b"ontainer" in data
    if container and _CONNECT_NAME in data:
        return True
    if not (
        (b"ocker" in data and (b"docker" in data or b"Docker" in data))
        or b"DOCKER" in data
        or (container and any(w in data for w in _CONTAINER_WORDS))
    ):
        return False
    return _long_call(data, b".start(", 5) or _long_call(data, b".connect(", 4)


# the needles above, grouped by the piece they share ("onfig", "ontainer", "ocker")
_CONFIG_NAMES = tuple(n for n in _SDK_POSITIONAL_NAMES if b"onfig" in n)
_CONNECT_NAME = b"connect_container_to_network"
_CONTAINER_WORDS = tuple(w for w in _DOCKER_WORDS if b"ontainer" in w)


def _long_call(data: bytes, opening: bytes, commas: int) -> bool:
    """Whether some call ``opening`` (``.start(``) has at least ``commas`` commas outside
    brackets among its arguments: enough of them for the links parameter."""
    at = data.find(opening)
    while at >= 0:
        depth = seen = 0
        start = at + len(opening)
        for ch in data[start : start + _SCAN_CALL]:
            if ch in b"([{":
                depth += 1
            elif ch in b")]}":
                if depth == 0:
                    break
                depth -= 1
            elif ch == 44 and depth == 0:  # a comma between arguments
                seen += 1
                if seen >= commas:
                    return True
        at = data.find(opening, start)
    return False


_RM_LINK = re.compile(rb"docker[^\n;|&]*?[ \t]rm\b[^\n;|&]*?[ \t]-[a-zA-Z]*l")
_NO_DOCKER_COMMANDS = frozenset({"compose", "python", "consumer"})


def triage(data: bytes, language: str) -> Hints | None:
    """None when the file is a candidate (:func:`is_candidate`), else its
    :class:`Hints`: one substring search per needle, shared by both questions."""
    port = b"_PORT" in data
    if _candidate(data, language, port):
        return None
    return hints_of(data, language, port)


# ``--name X`` / ``-t X`` / ``--tag=X``: names and images a docker command gives.
_NAME_OR_TAG = re.compile(rb"(?:--name|--tag|-t)(?:=|[ \t]+)[\"']?([^\s\"';|&)]+)")
# ``docker tag SOURCE TARGET`` / ``docker image tag``: both references name one image
_DOCKER_TAG = re.compile(
    rb"\btag[ \t]+[\"']?([^\s\"';|&)-][^\s\"';|&)]*)[\"']?[ \t]+[\"']?([^\s\"';|&)]+)"
)
# X_PORT / X_NAME: X is the shortest run of name characters before them. This is the
# definition; :func:`ambiguous_prefixes` finds the same prefixes faster.
AMBIGUOUS_READ = re.compile(
    rb"(?<![A-Za-z0-9_.])([A-Z0-9][A-Z0-9_.]*?)_(?:PORT|NAME)(?![A-Za-z0-9_])"
)
_RUN = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")  # characters of X
_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_LOWER = frozenset(b"abcdefghijklmnopqrstuvwxyz")
_FIRST = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_COMPOSE_KEYS = (b"image:", b"build:", b"extends:", b"services:")
# Languages whose files may define Compose services (a Compose file, a Markdown code
# block). For the others the second phase reads the bytes again if it must know.
_COMPOSE_HOSTS = frozenset({"compose", "markdown"})


@dataclass(frozen=True)
class Hints:
    """What the second phase may ask about a file that was not parsed."""

    language: str
    # X of every X_PORT / X_NAME (the shortest run of name characters before them)
    prefixes: tuple[str, ...] = ()
    # --name / -t / --tag values and ``docker tag`` references of a file that mentions
    # docker (leading "/" dropped)
    names: tuple[str, ...] = ()
    # a Compose key (image:, build:, extends:, services:) is there; None: not looked for
    compose: bool | None = None


def _marks(data: bytes, marker: bytes) -> list[int]:
    out = []
    at = data.find(marker)
    while at >= 0:
        out.append(at)
        at = data.find(marker, at + 1)
    return out


def ambiguous_prefixes(data: bytes) -> set[str]:
    """``{m.group(1) for m in AMBIGUOUS_READ.finditer(data)}``, decoded, found from each
    ``_PORT`` / ``_NAME`` backwards (a regular expression tries every position).

    A match starts where a run of X characters starts (a start inside a run has a name
    character before it), so each marker that ends a word belongs to the run it closes:
    the run's first marker gives the match, when the run starts with a capital or digit
    after a character that is not a letter, digit, ``_`` or ``.``."""
    n = len(data)
    found: set[str] = set()
    runs: set[int] = set()
    for k in sorted(_marks(data, b"_PORT") + _marks(data, b"_NAME")):
        end = k + 5
        if k == 0 or (end < n and data[end] in _WORD):
            continue
        j = k
        while j > 0 and data[j - 1] in _RUN:
            j -= 1
        if j in runs:
            continue  # the run's first marker made the match; later ones are inside it
        runs.add(j)
        if j == k or data[j] not in _FIRST or (j > 0 and data[j - 1] in _LOWER):
            continue
        found.add(data[j:k].decode("ascii", "replace"))
    return found


def hints_of(data: bytes, language: str, port: bool | None = None) -> Hints:
    """The :class:`Hints` of a file's bytes; ``port``: whether ``_PORT`` is in them,
    when the caller knows."""
    if port is None:
        port = b"_PORT" in data
    prefixes: tuple[str, ...] = ()
    if port or b"_NAME" in data:
        prefixes = tuple(sorted(ambiguous_prefixes(data)))
    names: tuple[str, ...] = ()
    if b"docker" in data:
        values = {
            m.group(1).decode("utf-8", "replace").lstrip("/") for m in _NAME_OR_TAG.finditer(data)
        }
        if b"tag" in data:
            for m in _DOCKER_TAG.finditer(data):
                values.update(v.decode("utf-8", "replace").strip("\"'") for v in m.groups())
        names = tuple(sorted(values))
    compose = None
    if language in _COMPOSE_HOSTS:
        compose = any(k in data for k in _COMPOSE_KEYS)
    return Hints(language, prefixes, names, compose)
