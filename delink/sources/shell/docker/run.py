"""``docker run`` / ``docker create`` / ``docker container run|create``: the container,
its options (name, networks, aliases, env, ports), its links, the variables that may
carry links, and the container's own command (``sh -c '…'``, a heredoc, hostnames)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from delink.diagnostics import Severity
from delink.facts import Container, EnvEntry, EnvSet, HostnameUse, Link, LinksVia, Problem
from delink.model import NetworkKind, classify_network, link_kind, parse_expose, parse_publish
from delink.sources.shell import dockercli, locate
from delink.sources.shell.command import Command, DockerCall, Pending
from delink.sources.shell.docker.links import read_link
from delink.sources.shell.docker.network import net_text
from delink.sources.shell.flow import Flow, expand
from delink.sources.shell.hostnames import HOSTLIKE, command_hostnames
from delink.sources.shell.prepare import prepare
from delink.sources.shell.scripts import SHELLS, reads_stdin_script, shell_args_script, shell_script
from delink.sources.shell.syntax import CommandSyntax, FlagSite
from delink.sources.shell.tokenize import command_words
from delink.sources.shell.words import LIT, PARAM, Shift, Unterminated, Word

if TYPE_CHECKING:
    from delink.sources.shell.dockercli import Opt, Parsed
    from delink.sources.shell.extract import Extractor

_HOST_VAR = re.compile(r"(?:HOST|HOSTNAME|SERVER|_ADDR)$")


def handle(call: DockerCall) -> None:
    ex, cmd = call.ex, call.cmd
    p = dockercli.parse_flags(cmd.words, call.after, dockercli.RUN)
    if not p.args and _join_orphans(call):
        # docs often forget a backslash: the flags continue on the next line
        p = dockercli.parse_flags(cmd.words, call.after, dockercli.RUN)
    container = _container(call)
    link_opts, entrypoint = _options(call, container, p)
    if p.args:
        container.image = ex.word_value(cmd, p.args[0], p.arg_index)
    container.ports = list(dict.fromkeys(container.ports))
    ex.facts.containers.append(container)
    ex.made.append(Pending(container, cmd.fstart, cmd.fend, cmd.frag.serial))
    seen = _links(call, container, link_opts)
    _unfollowed(call, container, p, seen)
    _container_command(call, container, p.args[1:], entrypoint)
    _links_after_image(call, p)


def _container(call: DockerCall) -> Container:
    """The container and its syntax handle, with a key unique in the file."""
    ex, cmd = call.ex, call.cmd
    start = cmd.start
    key = f"{ex.path}:{start}"
    n = 1
    while key in ex.keys:
        n += 1
        key = f"{ex.path}:{start}#{n}"
    ex.keys.add(key)
    after = call.after
    sub_last = cmd.orig_of(after - 1)
    sub_written = cmd.words[after - 1].src == 0 and cmd.words[after - 1].via is None
    anchor_start = cmd.orig_of(call.docker).start
    container = Container(
        key=key,
        path=ex.path,
        span=ex.span(start, cmd.end),
        anchor=ex.span(min(anchor_start, sub_last.end), sub_last.end),
        origin="docker run" if call.names[-1] == "run" else "docker create",
        language="shell",
        order=cmd.order,
    )
    frag = cmd.frag
    container.syntax = CommandSyntax(
        path=ex.path,
        host_language=ex.facts.language,
        dialect=frag.dialect,
        quoting=frag.quoting,
        verbatim=_verbatim(ex, cmd),
        start=start,
        end=cmd.end,
        docker_prefix=_docker_prefix(
            ex, cmd, call.kept_prefix, call.docker, after - len(call.names)
        ),
        subcommand_end=sub_last.end if sub_written else -1,
        statement=cmd.site,
        block_statement=ex.block_site(cmd),
        continuation="\\\n" in frag.text[cmd.fstart : cmd.fend],
        newline=ex.newline,
        nested=frag.depth > 0,
    )
    return container


def _options(call: DockerCall, container: Container, p: Parsed) -> tuple[list[Opt], str | None]:
    """Read the options into the container; returns the ``--link`` options and the
    ``--entrypoint``."""
    ex, cmd = call.ex, call.cmd
    syntax = container.syntax
    assert isinstance(syntax, CommandSyntax)
    link_opts: list[Opt] = []
    entrypoint: str | None = None
    for o in p.opts:
        v = o.value
        if o.name == "link":
            link_opts.append(o)
        elif v is None:
            if o.name == "publish-all":
                container.publish_all = True
        elif o.name == "name":
            container.name = ex.opt_value(cmd, o)
        elif o.name in ("network", "net"):
            val = ex.opt_value(cmd, o)
            container.networks.append(val)
            if container.network is None:
                container.network = val
            syntax.networks.append(FlagSite(o.flag.start, v.end, v.start, v.end, v.literal))
        elif o.name in ("network-alias", "net-alias"):
            container.network_aliases.append(ex.opt_value(cmd, o))
            if v.literal is not None:
                syntax.network_aliases.append(v.literal)
        elif o.name == "hostname":
            container.hostname = ex.opt_value(cmd, o)
        elif o.name == "env":
            _env(ex, cmd, container, v)
        elif o.name == "env-file":
            container.env_files.append(ex.opt_value(cmd, o))
        elif o.name == "expose" and v.literal:
            container.ports += _ports(parse_expose, v.literal)
        elif o.name == "publish" and v.literal:
            container.ports += _ports(parse_publish, v.literal)
        elif o.name == "entrypoint":
            entrypoint = v.literal
    return link_opts, entrypoint


def _links(call: DockerCall, container: Container, link_opts: list[Opt]) -> set[tuple[int, int]]:
    """The container's links, and one :class:`LinksVia` per expansion that carried some
    of them; returns the spans of those expansions."""
    ex, cmd = call.ex, call.cmd
    net = container.network
    kind = link_kind(
        classify_network(net_text(net)) if net is not None else NetworkKind.DEFAULT_BRIDGE
    )
    vias: dict[tuple[int, int], list[Link]] = {}
    via_names: dict[tuple[int, int], str] = {}
    for o in link_opts:
        link = read_link(ex, cmd, o, container, kind, "--link", call.flow)
        if link is None:
            continue
        container.links.append(link)
        ex.facts.links.append(link)
        if link.via is not None:
            key_v = (link.via.start, link.via.end)
            vias.setdefault(key_v, []).append(link)
            if o.flag.via is not None and o.flag.via.name:
                via_names[key_v] = o.flag.via.name
    for key_v, links in vias.items():
        ex.facts.links_via.append(
            LinksVia(
                ex.span(*key_v),
                via_names.get(key_v, "?"),
                container.key,
                tuple(x.span for x in links),
                True,
            )
        )
    return set(vias)


def _unfollowed(
    call: DockerCall, container: Container, p: Parsed, seen: set[tuple[int, int]]
) -> None:
    """Options we could not follow that may carry links: an unknown ``$LINKS``, or a
    known one whose value holds something we cannot see (``LINKS=$(get_links)``)."""
    ex, words, flow = call.ex, call.cmd.words, call.flow
    values = {id(o.value) for o in p.opts if o.value is not None}  # `--name $link` is a name
    option_words = [
        w
        for k, w in enumerate(words[call.after :], call.after)
        if (p.arg_index < 0 or k < p.arg_index) and id(w) not in values
    ]
    for w in option_words:
        candidates = [
            u for u in w.units if u.kind == PARAM and flow.get(u.name) is None and u.src == w.src
        ]
        if w.via is not None and any(u.kind != LIT for u in w.units):
            candidates.append(w.via)
        for u in candidates:
            if u.name and "LINK" in u.name.upper() and (u.start, u.end) not in seen:
                seen.add((u.start, u.end))
                ex.facts.links_via.append(
                    LinksVia(ex.span(u.start, u.end), u.name, container.key, (), False)
                )


def _container_command(
    call: DockerCall, container: Container, args: list[Word], entrypoint: str | None
) -> None:
    """The container's command: ``sh -c '…'``, a heredoc script, hostnames."""
    ex, cmd = call.ex, call.cmd
    key = container.key
    script = None
    if entrypoint is not None and entrypoint.rsplit("/", 1)[-1] in SHELLS:
        script = shell_args_script(args)
    elif args:
        script = shell_script(args)
    if script is not None:
        ex.script(script, cmd, Flow(), host_side=False, container_key=key)
    elif cmd.heredoc is not None and args and reads_stdin_script(args, 0):
        # `docker run -i img sh <<'EOF'`: the body is the container's script (an
        # unquoted body is expanded by the host first: its reads are the host's)
        ex.heredoc_script(cmd, Flow(), host_side=False, container_key=key)
    if args:
        command_hostnames(ex, args, key)


def _links_after_image(call: DockerCall, p: Parsed) -> None:
    """``docker run IMG … --link a:b``: docker gives ``--link`` to the container's
    command, the author meant a link (a flag written after the image, or an escaped
    blank ``\\ `` that docker takes as the image)."""
    if not p.args:
        return
    ex, image = call.ex, p.args[0]
    for k, w in enumerate(p.args):
        flag = w.lit_prefix()
        escaped = k == 0 and flag[:1] in (" ", "\t")
        flag = flag.lstrip(" \t") if escaped else flag
        if k == 0 and not escaped:
            continue
        if flag not in LINK_FLAGS and not flag.startswith(("--link=", "-link=")):
            continue
        value = p.args[k + 1] if "=" not in flag and k + 1 < len(p.args) else None
        end = value.end if value is not None and value.src == w.src else w.end
        shown = ex.host[w.start : end] if "\n" not in ex.host[w.start : end] else flag
        if escaped:
            why = (
                "the `\\ ` before it is an escaped blank, so docker takes "
                f"`{w.display}` as the image name"
            )
        else:
            why = (
                f"it comes after the image `{image.display}`, so docker passes it to the "
                "container's command, not to `docker run`"
            )
        ex.facts.problems.append(
            Problem(
                ex.span(w.start, end),
                f"`{shown}` is not a link: {why}",
                code="DLK309",
                severity=Severity.WARNING,
            )
        )


LINK_FLAGS = frozenset({"--link", "-link"})


def _verbatim(ex: Extractor, cmd: Command) -> bool:
    host, _ = prepare(ex.host[cmd.start : cmd.end], Shift(0), cmd.frag.dialect)
    return host == cmd.frag.text[cmd.fstart : cmd.fend]


def _docker_prefix(ex: Extractor, cmd: Command, kept: list[int], d: int, sub_start: int) -> str:
    """How the command runs docker (``sudo docker``, ``"$DOCKER"``): the words as
    written, or what a wrapper function's name stands for."""
    parts = []
    seen: set[int] = set()
    for k in [*kept, *range(d, sub_start)]:
        w = cmd.words[k]
        if id(w) in cmd.stand_ins:
            parts.append(w.display)
            continue
        o = cmd.origin[k]
        if o in seen:
            continue
        seen.add(o)
        w = cmd.orig[o]
        raw = ex.host[w.start : w.end]
        parts.append(raw if "\n" not in raw else w.display)
    text = " ".join(parts)
    return text or "docker"


def _env(ex: Extractor, cmd: Command, container: Container, v: Word) -> None:
    eq = v.find_lit("=")
    name_part = v.part(0, eq) if eq >= 0 else v
    name = name_part.literal
    if not name:
        return
    value = dockercli.sub_after(v, eq) if eq >= 0 else None
    container.env.append(
        EnvEntry(
            name,
            ex.word_value(cmd, value, -1) if value is not None else None,
            ex.span(v.start, v.end),
        )
    )
    if ex.is_link_var(name):
        ex.facts.env_sets.append(
            EnvSet(name, ex.span(name_part.start, name_part.end), container.key)
        )
    if value is not None and value.literal and _HOST_VAR.search(name):
        host = value.literal
        if HOSTLIKE.fullmatch(host):
            ex.facts.hostnames.append(
                HostnameUse(host, ex.span(value.units[0].start, value.units[-1].end), container.key)
            )


def _join_orphans(call: DockerCall) -> bool:
    """``docker run -d \\`` then ``-v x:y`` with a forgotten backslash then ``--link a:b
    \\`` ``image``: read the following lines that start with a flag as part of the
    command."""
    cmd = call.cmd
    node, consumed, bc = cmd.node, cmd.consumed, cmd.bc
    if node is None or consumed is None or bc is None:
        return False
    stmt = locate.enclosing_statement(node)
    if stmt.id != node.id and stmt.type != "redirected_statement":
        return False
    joined = False
    nxt = stmt.next_named_sibling
    last_row = stmt.end_point[0]
    while nxt is not None and nxt.type == "command" and nxt.start_point[0] == last_row + 1:
        first = nxt.child_by_field_name("name")
        if first is None or not bc.data[first.start_byte : first.end_byte].startswith(b"-"):
            break
        fs, fe = bc(nxt.start_byte), bc(nxt.end_byte)
        try:
            spans, _ = command_words(cmd.frag.text, fs, fe)
        except Unterminated:
            break
        for w in call.ex.words(spans, cmd.frag):
            cmd.orig.append(w)
            for x in expand(w, call.flow):
                cmd.words.append(x)
                cmd.origin.append(len(cmd.orig) - 1)
        cmd.end = cmd.frag.m.end(fe)
        cmd.fend = fe
        consumed.add(nxt.id)
        joined = True
        last_row = nxt.end_point[0]
        nxt = nxt.next_named_sibling
    return joined


def _ports(fn: Callable[[str], Iterable[str]], value: str) -> list[str]:
    try:
        out = fn(value)
    except ValueError:
        return []
    return list(out)
