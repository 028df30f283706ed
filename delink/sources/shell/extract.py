"""The shell extractor: a fragment of shell text -> facts with host spans.

tree-sitter locates commands, assignments, expansions, ``for`` loops and ERROR regions;
docker commands are split into words by bashlex (checked) or our tokenizer, read with
the docker CLI grammar, and their variables followed through :mod:`.flow`. Strings that
are themselves shell (``sh -c``, ``eval``, ``ssh``, ``vagrant ssh -c``) are extracted
recursively through an offset map, so every span points at the exact host characters.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import (
    Container,
    EnvEntry,
    EnvRead,
    EnvSet,
    FileFacts,
    HostnameUse,
    ImageBuild,
    Link,
    LinkRemoval,
    LinksVia,
    NetworkDecl,
    Problem,
    Statement,
    Value,
)
from delink.model import (
    LinkKind,
    LinkSpecError,
    NetworkKind,
    classify_network,
    is_unambiguous_link_var,
    link_kind,
    network_connect_link_kind,
    parse_expose,
    parse_link,
    parse_link_var,
    parse_publish,
)
from delink.sources.shell import dockercli, locate
from delink.sources.shell.dockercli import Opt, Parsed
from delink.sources.shell.flow import Flow, Var, expand
from delink.sources.shell.syntax import (
    AssignmentSyntax,
    CommandSyntax,
    FlagSite,
    LinkSyntax,
    StatementSite,
)
from delink.sources.shell.tokenize import command_words, read_commands, read_simple
from delink.sources.shell.words import (
    LIT,
    PARAM,
    Mapper,
    Unit,
    Unterminated,
    Word,
    backtick_end,
    dollar_end,
    is_name,
    names,
    parse_word,
)
from delink.text import OffsetMap

if TYPE_CHECKING:
    from tree_sitter import Node

    from delink.sources import Context

MAX_DEPTH = 6

_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
_WRAPPERS_KEPT = frozenset({"sudo", "env"})
_WRAPPERS = frozenset(
    {
        "sudo",
        "env",
        "command",
        "exec",
        "time",
        "nohup",
        "nice",
        "ionice",
        "stdbuf",
        "timeout",
        "chronic",
        "unbuffer",
        "builtin",
        "setsid",
        "caffeinate",
        "doas",
        "winpty",
    }
)
_WRAPPER_VALUE_OPTS = {
    "sudo": frozenset(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"]),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "-S", "--unset", "--chdir"}),
    "exec": frozenset({"-a"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "-t", "--class", "--classdata"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
}
_HOST_FLAG_COMMANDS = names(
    """
    psql pg_isready pg_dump pg_dumpall pg_restore createdb dropdb createuser dropuser
    vacuumdb reindexdb clusterdb pgbench mysql mysqladmin mysqldump mysqlshow mysqlcheck
    mysqlimport mariadb mariadb-admin mariadb-dump redis-cli keydb-cli mongo mongosh
    mongodump mongorestore mongoexport mongoimport clickhouse-client influx
    """
)
_POSITIONAL_HOST_COMMANDS = frozenset(
    {"nc", "ncat", "netcat", "telnet", "ping", "nslookup", "host", "dig", "getent"}
)
_WAIT_FOR = re.compile(r"^(?:.*/)?wait-for(?:-it)?(?:\.sh)?$")
_URL = re.compile(
    r"\b[A-Za-z][A-Za-z0-9+.-]*://(?:[^\s/@'\"`$()]*@)?([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)"
)
_HOST_ASSIGN = re.compile(
    r"\b[A-Za-z_][A-Za-z0-9_]*(?:HOST|HOSTNAME|SERVER|_ADDR)=[\"']?([A-Za-z][A-Za-z0-9_.-]*)"
)
_HOST_DEFAULT = re.compile(
    r"\$\{[A-Za-z_][A-Za-z0-9_]*(?:HOST|HOSTNAME|SERVER|_ADDR)[A-Za-z0-9_]*:?[-=]([A-Za-z][A-Za-z0-9_.-]*)\}"
)
_HOSTLIKE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
_EXECUTORS_RE = re.compile(r"\s*(?:\S*/)?(?:eval|ssh|vagrant|su|sudo|sh|bash|dash|ash|zsh|ksh|\$)")
_SYNTAX_CHARS = frozenset(";&|<>()\n'\"\\`")
_SHAPE_HINT = re.compile(r"_(?:PORT|ENV_|NAME$)")
_MARGIN_OK = re.compile(r"[ \t]*(?:(?:[@+-]+|\$|%|>|-)[ \t]*)?")


@dataclass
class Fragment:
    """One piece of shell text being read, and how it maps to the host."""

    text: str
    m: Mapper
    container_key: str | None
    dialect: str
    depth: int
    quoting: str  # the quotes this text is written in, in the host
    outer: StatementSite | None  # for nested fragments: the host statement
    serial: int = 0


@dataclass
class Command:
    """A simple command read into words."""

    words: list[Word]  # after variable expansion
    origin: list[int]  # index in ``orig`` of each word
    orig: list[Word]  # as written
    start: int  # host span
    end: int
    fstart: int  # fragment span
    fend: int
    frag: Fragment
    site: StatementSite
    node: Node | None = None
    method: str = "tokenizer"
    heredoc: tuple[int, int, bool] | None = None  # body (fragment span), delimiter quoted


@dataclass
class _Pending:
    container: Container
    fstart: int
    fend: int
    serial: int


@dataclass
class Extractor:
    facts: FileFacts
    host: str
    path: str
    ctx: Context
    newline: str = "\n"
    line_starts: list[int] = field(default_factory=list)
    assignments: int = 0
    serials: int = 0
    keys: set[str] = field(default_factory=set)
    made: list[_Pending] = field(default_factory=list)
    assignment_syntax: dict[int, AssignmentSyntax] = field(default_factory=dict)

    # -- entry -------------------------------------------------------------------

    def run(
        self,
        text: str,
        m: Mapper,
        *,
        container_key: str | None = None,
        dialect: str = "sh",
        depth: int = 0,
        quoting: str = "",
        outer: StatementSite | None = None,
        flow: Flow | None = None,
    ) -> None:
        if depth > MAX_DEPTH:
            return
        text, m = prepare(text, m, dialect)
        self.serials += 1
        frag = Fragment(text, m, container_key, dialect, depth, quoting, outer, self.serials)
        if flow is None:
            flow = Flow()
        try:
            self._fragment(frag, flow)
        except RecursionError:
            self._problem(
                m(0), m.end(len(text)), "could not read this shell text (nested too deeply)"
            )

    # -- helpers -----------------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        return Span(self.path, start, max(start, end))

    def value(self, w: Word) -> Value:
        return Value(self.host[w.start : w.end], self.span(w.start, w.end), w.literal, w.display)

    def word_value(self, cmd: Command, w: Word, k: int) -> Value:
        """The value of expanded word ``k``: when it is all that one word as written
        gave, span, raw and display are those of the word as written (``"$NAME"``) and
        the literal is the resolved value (``db``)."""
        if 0 <= k < len(cmd.words) and cmd.words[k] is w and w.via is not None:
            oi = cmd.origin[k]
            if cmd.origin.count(oi) == 1:
                orig = cmd.orig[oi]
                return Value(orig.raw, self.span(orig.start, orig.end), w.literal, orig.display)
        if any(u.src != w.src for u in w.units):
            return Value(
                self.host[w.start : w.end],
                self.span(w.start, w.end),
                w.literal,
                _display(self.host, w),
            )
        return self.value(w)

    def opt_value(self, cmd: Command, o: Opt) -> Value:
        assert o.value is not None
        if o.attached:
            return self.word_value(cmd, o.value, -1)
        return self.word_value(cmd, o.value, o.index + 1)

    def _problem(self, start: int, end: int, message: str) -> None:
        self.facts.problems.append(Problem(self.span(start, end), message))

    def _line_start(self, offset: int) -> int:
        k = bisect.bisect_right(self.line_starts, offset) - 1
        return self.line_starts[max(k, 0)]

    def is_link_var(self, name: str) -> bool:
        if not _SHAPE_HINT.search(name):
            return False
        if is_unambiguous_link_var(name):
            return True
        var = parse_link_var(name)
        return var is not None and var.ambiguous and var.prefix in self.ctx.known_prefixes

    # -- a fragment ----------------------------------------------------------------

    def _fragment(self, frag: Fragment, flow: Flow) -> None:
        text = frag.text
        bc = locate.ByteChars(text)
        tree = locate.parse(bc.data)
        root = tree.root_node
        m = frag.m

        if frag.depth == 0 and frag.outer is None:
            for st in locate.top_statements(root):
                self.facts.statements.append(
                    Statement(m(bc(st.start_byte)), m.end(bc(st.end_byte)))
                )

        caps = locate.captures(root) if root.child_count else {}
        # ERROR regions: read with the tokenizer; commands inside are not read twice
        regions = self._error_regions(frag, bc, caps.get("error", []), caps.get("command", []))
        funcs = sorted((n.start_byte, n.end_byte) for n in caps.get("func", []))
        top_funcs: list[tuple[int, int]] = []
        for a, b in funcs:
            if top_funcs and a < top_funcs[-1][1]:
                continue
            top_funcs.append((a, b))

        events: list[tuple[int, int, str, Node]] = []
        for node in caps.get("command", []):
            events.append((node.start_byte, 1, "command", node))
        for node in caps.get("assign", []):
            parent = node.parent
            if parent is not None and parent.type == "command":
                continue
            events.append((node.end_byte, 0, "assign", node))
        for node in caps.get("unset", []):
            events.append((node.start_byte, 1, "unset", node))
        for node in caps.get("for", []):
            events.append((node.start_byte, 1, "for", node))
        events.sort(key=lambda e: (e[0], e[1]))

        region_bytes = [(a, b) for a, b, _ in regions]
        main: list[tuple[int, int, str, Node]] = []
        deferred: dict[int, list[tuple[int, int, str, Node]]] = {}
        starts = [a for a, _ in top_funcs]
        for ev in events:
            node = ev[3]
            k = bisect.bisect_right(starts, node.start_byte) - 1
            if k >= 0 and top_funcs[k][0] < node.start_byte and node.end_byte <= top_funcs[k][1]:
                deferred.setdefault(k, []).append(ev)
            else:
                main.append(ev)

        consumed: set[int] = set()
        region_done: set[int] = set()
        for ev in main:
            self._event(ev, frag, bc, flow, region_bytes, regions, region_done, consumed)
        for k in sorted(deferred):
            local = flow.copy()
            for ev in deferred[k]:
                self._event(ev, frag, bc, local, region_bytes, regions, region_done, consumed)
        for i in range(len(regions)):
            if i not in region_done:
                self._region(regions[i], frag, bc, flow)

        for node in caps.get("var", []):
            try:
                self._var_read(node, frag, bc)
            except (ValueError, IndexError):  # a read we cannot place is only a read
                continue
        with contextlib.suppress(ValueError, IndexError):
            self._text_hostnames(frag, root, bc)

    def _event(
        self,
        ev: tuple[int, int, str, Node],
        frag: Fragment,
        bc: locate.ByteChars,
        flow: Flow,
        region_bytes: list[tuple[int, int]],
        regions: list[tuple[int, int, int]],
        region_done: set[int],
        consumed: set[int],
    ) -> None:
        _, _, kind, node = ev
        # regions are read when the walk reaches them, so data flow stays in order
        for i, (a, _b) in enumerate(region_bytes):
            if i not in region_done and a <= node.start_byte:
                region_done.add(i)
                self._region(regions[i], frag, bc, flow)
        inside = any(a <= node.start_byte < b for a, b in region_bytes)
        try:
            if kind == "command":
                if not inside and node.id not in consumed:
                    self._command_node(node, frag, bc, flow, consumed)
            elif kind == "assign":
                self._assign(node, frag, bc, flow)
            elif kind == "unset":
                for child in node.named_children:
                    flow.unset(
                        bc.data[child.start_byte : child.end_byte].decode("utf-8", "replace")
                    )
            elif kind == "for":
                self._for(node, frag, bc, flow)
        except RecursionError:
            raise
        except Exception as exc:  # one command must not cost the rest of the file
            start = frag.m(bc(node.start_byte))
            what = str(exc) if isinstance(exc, Unterminated) else f"{type(exc).__name__}: {exc}"
            self._problem(
                start,
                frag.m.end(bc(node.end_byte)),
                f"could not read this command ({what}); links in it may be missed",
            )

    # -- ERROR regions ---------------------------------------------------------------

    def _error_regions(
        self, frag: Fragment, bc: locate.ByteChars, errors: list[Node], commands: list[Node]
    ) -> list[tuple[int, int, int]]:
        """Byte ranges (start, end, char start) of ERROR nodes that mention docker,
        widened to whole lines and to the commands they cut through."""
        out: list[tuple[int, int, int]] = []
        data = bc.data
        for node in errors:
            if node.parent is not None and _inside_error(node.parent):
                continue
            a = data.rfind(b"\n", 0, node.start_byte) + 1
            b = node.end_byte
            changed = True
            while changed:
                changed = False
                for c in commands:
                    if c.start_byte < a < c.end_byte or (a <= c.start_byte < b < c.end_byte):
                        a2 = min(a, data.rfind(b"\n", 0, c.start_byte) + 1)
                        b2 = max(b, c.end_byte)
                        if (a2, b2) != (a, b):
                            a, b = a2, b2
                            changed = True
            if b"docker" not in data[a:b].lower():
                continue
            if out and a < out[-1][1]:
                prev = out.pop()
                a = min(a, prev[0])
                b = max(b, prev[1])
            out.append((a, b, bc(a)))
        return out

    def _region(
        self, region: tuple[int, int, int], frag: Fragment, bc: locate.ByteChars, flow: Flow
    ) -> None:
        _, b, ca = region
        cb = bc(b)
        text = frag.text
        cmds, stop = read_commands(text, ca, cb)
        for sc in cmds:
            if not sc.words:
                continue
            chunk = text[sc.start : sc.end]
            if "docker" not in chunk.lower() and not _EXECUTORS_RE.match(chunk):
                continue
            site = self._site_for_offsets(frag, sc.start)
            try:
                self._simple(sc.words, sc.start, sc.end, frag, flow, site, None, "tokenizer")
            except (Unterminated, ValueError, IndexError) as exc:
                self._problem(
                    frag.m(sc.start),
                    frag.m.end(sc.end),
                    f"could not read this docker command ({exc}); links in it may be missed",
                )
        if stop is not None:
            pos, why = stop
            rest = text[pos:cb]
            if "docker" in rest.lower():
                line_end = text.find("\n", pos, cb)
                end = cb if line_end < 0 else line_end
                self._problem(
                    frag.m(pos),
                    frag.m.end(end),
                    f"could not read this shell text ({why}); "
                    "docker commands and links in it may be missed",
                )

    # -- commands --------------------------------------------------------------------

    def _command_node(
        self, node: Node, frag: Fragment, bc: locate.ByteChars, flow: Flow, consumed: set[int]
    ) -> None:
        name_node = node.child_by_field_name("name")
        data = bc.data
        name = data[name_node.start_byte : name_node.end_byte] if name_node is not None else b""
        base = name.rsplit(b"/", 1)[-1].strip(b"\"'")
        chunk = data[node.start_byte : node.end_byte]
        word = base.decode("utf-8", "replace")
        bare = name.lstrip(b'"')
        variable = bare.startswith(b"$") and not bare.startswith((b"$(", b"$'", b'$"'))
        mentions_docker = b"docker" in chunk.lower()
        docker_like = (
            word in ("docker", "docker.exe")
            or variable
            or (mentions_docker and (word in _WRAPPERS or word in _SHELLS or word == "eval"))
        )
        interesting = (
            docker_like
            or word in _WRAPPERS
            or word in _SHELLS
            or word in ("eval", "ssh", "vagrant", "su", "printenv", "docker-machine")
            or word in _HOST_FLAG_COMMANDS
            or word in _POSITIONAL_HOST_COMMANDS
            or "wait-for" in word
        )
        if not interesting:
            return
        fs, fe = bc(node.start_byte), bc(node.end_byte)
        if docker_like:
            try:
                spans, method = command_words(frag.text, fs, fe)
            except Unterminated as exc:
                if mentions_docker:
                    self._problem(
                        frag.m(fs),
                        frag.m.end(fe),
                        f"could not read this docker command ({exc}); links in it may be missed",
                    )
                return
        else:
            method = "tokenizer"
            try:
                spans = read_simple(frag.text, fs, fe).words
            except Unterminated:
                return  # not a docker command: nothing of ours can be missed here
        site = self._site_for_node(frag, node, bc)
        self._simple(spans, fs, fe, frag, flow, site, node, method, consumed=consumed, bc=bc)

    def _words(self, spans: list[tuple[int, int]], frag: Fragment) -> list[Word]:
        out = []
        for a, b in spans:
            w = parse_word(frag.text, a, b, frag.m, self.host)
            if frag.dialect == "make":
                w = _host_param_texts(w, self.host)
            out.append(w)
        return out

    def _simple(
        self,
        spans: list[tuple[int, int]],
        fs: int,
        fe: int,
        frag: Fragment,
        flow: Flow,
        site: StatementSite,
        node: Node | None,
        method: str,
        *,
        consumed: set[int] | None = None,
        bc: locate.ByteChars | None = None,
    ) -> None:
        orig = self._words(spans, frag)
        words: list[Word] = []
        origin: list[int] = []
        for i, w in enumerate(orig):
            for x in expand(w, flow):
                words.append(x)
                origin.append(i)
        cmd = Command(
            words, origin, orig, frag.m(fs), frag.m.end(fe), fs, fe, frag, site, node, method
        )
        if node is not None and bc is not None:
            cmd.heredoc = _heredoc(node, bc)
        self._dispatch(cmd, flow, consumed, bc)

    def _dispatch(
        self,
        cmd: Command,
        flow: Flow,
        consumed: set[int] | None,
        bc: locate.ByteChars | None,
    ) -> None:
        words = cmd.words
        i = 0
        # leading assignments (X=1 cmd) and wrappers
        kept_prefix: list[int] = []
        while i < len(words) and _is_assignment_word(words[i]):
            kept_prefix.append(i)
            i += 1
        i, kept = _unwrap(words, i)
        kept_prefix += kept
        if i >= len(words):
            return
        head = words[i]
        lit = head.literal
        base = lit.rsplit("/", 1)[-1] if lit is not None else None
        if _is_docker_word(head):
            sub = dockercli.subcommand(words, i + 1)
            if sub is not None:
                self._docker(cmd, i, kept_prefix, sub, flow, consumed, bc)
                return
            if base in ("docker", "docker.exe"):
                return
        if base is None:
            return
        if base == "printenv":
            for w in words[i + 1 :]:
                if w.literal and self.is_link_var(w.literal):
                    self.facts.reads.append(
                        EnvRead(
                            w.literal,
                            self.span(w.units[0].start, w.units[-1].end),
                            "shell",
                            cmd.frag.container_key,
                        )
                    )
            return
        if cmd.heredoc is not None and _reads_stdin_script(words, i):
            self._heredoc_script(cmd, flow, host_side=True, container_key=cmd.frag.container_key)
            self._command_hostnames(words[i:], cmd.frag.container_key)
            return
        script = _executed_script(words, i)
        if script is not None:
            # the shell that runs the text expands it again: keep `$LINKS` as written (so
            # the links keep their `via`) unless a value holds shell syntax (`a && b`)
            if not any(u.src != 0 and u.text in _SYNTAX_CHARS for u in script.units):
                script = _as_written(cmd, script)
            self._script(script, cmd, flow, host_side=True, container_key=cmd.frag.container_key)
        self._command_hostnames(words[i:], cmd.frag.container_key)

    # -- docker ------------------------------------------------------------------------

    def _docker(
        self,
        cmd: Command,
        d: int,
        kept_prefix: list[int],
        sub: tuple[tuple[str, ...], int, Parsed],
        flow: Flow,
        consumed: set[int] | None,
        bc: locate.ByteChars | None,
    ) -> None:
        names, after, _globals = sub
        verb = names[-1]
        if verb in ("run", "create") and names[0] in ("run", "create", "container"):
            self._run(
                cmd,
                d,
                kept_prefix,
                after,
                len(names),
                "docker run" if verb == "run" else "docker create",
                flow,
                consumed,
                bc,
            )
        elif names == ("network", "connect"):
            self._connect(cmd, after)
        elif names == ("network", "create"):
            p = dockercli.parse_flags(cmd.words, after, dockercli.NETCREATE, interspersed=True)
            if p.args:
                w = p.args[0]
                self.facts.networks.append(
                    NetworkDecl(w.literal or w.display, self.span(w.start, w.end))
                )
        elif verb == "rm":
            p = dockercli.parse_flags(cmd.words, after, dockercli.RM, interspersed=True)
            if p.get("link"):
                start = cmd.words[d].start if cmd.words[d].src == 0 else cmd.start
                for w in p.args:
                    self.facts.removals.append(
                        LinkRemoval(self.span(min(start, cmd.start), cmd.end), self.value(w))
                    )
        elif verb == "build":
            self._build(cmd, after)
        elif verb == "exec":
            p = dockercli.parse_flags(cmd.words, after, dockercli.EXEC)
            if len(p.args) > 1:
                script = _shell_script(p.args[1:])
                if script is not None:
                    self._script(script, cmd, Flow(), host_side=False, container_key=None)

    def _build(self, cmd: Command, after: int) -> None:
        p = dockercli.parse_flags(cmd.words, after, dockercli.BUILD, interspersed=True)
        if not p.args:
            return
        ctx_word = p.args[0].literal
        if ctx_word is None or ctx_word == "-" or "://" in ctx_word or ctx_word.startswith("git@"):
            return
        context = os.path.normpath(os.path.join(os.path.dirname(self.path), ctx_word))
        for o in p.get("tag"):
            if o.value is not None and o.value.literal:
                self.facts.images.append(
                    ImageBuild(o.value.literal, context, self.span(cmd.start, cmd.end))
                )

    def _connect(self, cmd: Command, after: int) -> None:
        p = dockercli.parse_flags(cmd.words, after, dockercli.CONNECT, interspersed=True)
        if len(p.args) < 2:
            return
        net_w, ctr_w = p.args[0], p.args[1]
        net = self.value(net_w)
        kind = network_connect_link_kind(classify_network(_net_text(net)))
        consumer = self._container_named(ctr_w.literal)
        if consumer is not None:
            consumer.networks.append(net)
            for o in p.get("alias"):
                if o.value is not None:
                    consumer.network_aliases.append(self.value(o.value))
        for o in p.get("link"):
            link = self._link(cmd, o, consumer, kind, "network connect --link", Flow())
            if link is not None:
                link.network = net
                self.facts.links.append(link)

    def _container_named(self, name: str | None) -> Container | None:
        if not name:
            return None
        for c in reversed(self.facts.containers):
            if (
                c.name is not None
                and c.name.literal is not None
                and c.name.literal.lstrip("/") == name.lstrip("/")
            ):
                return c
        return None

    def _run(
        self,
        cmd: Command,
        d: int,
        kept_prefix: list[int],
        after: int,
        nsub: int,
        origin: str,
        flow: Flow,
        consumed: set[int] | None,
        bc: locate.ByteChars | None,
    ) -> None:
        words = cmd.words
        p = dockercli.parse_flags(words, after, dockercli.RUN)
        if not p.args and cmd.node is not None and consumed is not None and bc is not None:
            # docs often forget a backslash: the flags continue on the next line
            joined = self._join_orphans(cmd, consumed, bc, flow)
            if joined:
                words = cmd.words
                p = dockercli.parse_flags(words, after, dockercli.RUN)
        frag = cmd.frag
        start = cmd.start
        key = f"{self.path}:{start}"
        n = 1
        while key in self.keys:
            n += 1
            key = f"{self.path}:{start}#{n}"
        self.keys.add(key)
        sub_last = self._orig_of(cmd, after - 1)
        sub_written = words[after - 1].src == 0 and words[after - 1].via is None
        anchor_start = self._orig_of(cmd, d).start
        anchor = self.span(min(anchor_start, sub_last.end), sub_last.end)
        container = Container(
            key=key,
            path=self.path,
            span=self.span(start, cmd.end),
            anchor=anchor,
            origin=origin,
            language="shell",
        )
        syntax = CommandSyntax(
            path=self.path,
            host_language=self.facts.language,
            dialect=frag.dialect,
            quoting=frag.quoting,
            verbatim=self._verbatim(cmd),
            start=start,
            end=cmd.end,
            docker_prefix=self._docker_prefix(cmd, kept_prefix, d, after - nsub),
            subcommand_end=sub_last.end if sub_written else -1,
            statement=cmd.site,
            continuation="\\\n" in frag.text[cmd.fstart : cmd.fend],
            newline=self.newline,
            nested=frag.depth > 0,
        )
        container.syntax = syntax
        link_opts: list[Opt] = []
        entrypoint: str | None = None
        for o in p.opts:
            v = o.value
            if o.name == "name" and v is not None:
                container.name = self.opt_value(cmd, o)
            elif o.name in ("network", "net") and v is not None:
                val = self.opt_value(cmd, o)
                container.networks.append(val)
                if container.network is None:
                    container.network = val
                fs = self._flag_start(cmd, o)
                syntax.networks.append(
                    FlagSite(fs, self._value_end(cmd, o), v.start, v.end, v.literal)
                )
            elif o.name in ("network-alias", "net-alias") and v is not None:
                container.network_aliases.append(self.opt_value(cmd, o))
                if v.literal is not None:
                    syntax.network_aliases.append(v.literal)
            elif o.name == "hostname" and v is not None:
                container.hostname = self.opt_value(cmd, o)
            elif o.name == "env" and v is not None:
                self._env(cmd, container, v)
            elif o.name == "env-file" and v is not None:
                container.env_files.append(self.opt_value(cmd, o))
            elif o.name == "expose" and v is not None and v.literal:
                container.ports += _ports(parse_expose, v.literal)
            elif o.name == "publish" and v is not None and v.literal:
                container.ports += _ports(parse_publish, v.literal)
            elif o.name == "publish-all":
                container.publish_all = True
            elif o.name == "link":
                link_opts.append(o)
            elif o.name == "entrypoint" and v is not None:
                entrypoint = v.literal
        if p.args:
            container.image = self.word_value(cmd, p.args[0], p.arg_index)
        container.ports = list(dict.fromkeys(container.ports))
        net_text = _net_text(container.network) if container.network is not None else None
        kind = (
            link_kind(classify_network(net_text))
            if container.network is not None
            else link_kind(NetworkKind.DEFAULT_BRIDGE)
        )
        self.facts.containers.append(container)
        self.made.append(_Pending(container, cmd.fstart, cmd.fend, frag.serial))
        vias: dict[tuple[int, int], list[Link]] = {}
        via_names: dict[tuple[int, int], str] = {}
        for o in link_opts:
            link = self._link(cmd, o, container, kind, "--link", flow)
            if link is None:
                continue
            container.links.append(link)
            self.facts.links.append(link)
            if link.via is not None:
                key_v = (link.via.start, link.via.end)
                vias.setdefault(key_v, []).append(link)
                if o.flag.via is not None and o.flag.via.name:
                    via_names[key_v] = o.flag.via.name
        for key_v, links in vias.items():
            self.facts.links_via.append(
                LinksVia(
                    self.span(*key_v),
                    via_names.get(key_v, "?"),
                    key,
                    tuple(x.span for x in links),
                    True,
                )
            )
        # options we could not follow that may carry links: an unknown `$LINKS`, or a
        # known one whose value holds something we cannot see (`LINKS=$(get_links)`)
        seen: set[tuple[int, int]] = set(vias)
        option_words = [
            w for k, w in enumerate(words[after:], after) if p.arg_index < 0 or k < p.arg_index
        ]
        for w in option_words:
            candidates = [
                u
                for u in w.units
                if u.kind == PARAM and flow.get(u.name) is None and u.src == w.src
            ]
            if w.via is not None and any(u.kind != LIT for u in w.units):
                candidates.append(w.via)
            for u in candidates:
                if u.name and "LINK" in u.name.upper() and (u.start, u.end) not in seen:
                    seen.add((u.start, u.end))
                    self.facts.links_via.append(
                        LinksVia(self.span(u.start, u.end), u.name, key, (), False)
                    )
        # the container's command: sh -c '...' and hostnames
        args = p.args[1:]
        script = None
        if entrypoint is not None and entrypoint.rsplit("/", 1)[-1] in _SHELLS:
            script = _shell_args_script(args)
        elif args:
            script = _shell_script(args)
        if script is not None:
            self._script(script, cmd, Flow(), host_side=False, container_key=key)
        elif cmd.heredoc is not None and args and _reads_stdin_script(args, 0):
            # `docker run -i img sh <<'EOF'`: the body is the container's script (an
            # unquoted body is expanded by the host first: its reads are the host's)
            self._heredoc_script(cmd, Flow(), host_side=False, container_key=key)
        if args:
            self._command_hostnames(args, key)

    def _orig_of(self, cmd: Command, k: int) -> Word:
        """The word as written that produced expanded word ``k``."""
        k = max(0, min(k, len(cmd.words) - 1))
        w = cmd.words[k]
        if w.src == 0 and w.via is None:
            return w
        return cmd.orig[cmd.origin[k]]

    def _flag_start(self, cmd: Command, o: Opt) -> int:
        return o.flag.start

    def _value_end(self, cmd: Command, o: Opt) -> int:
        return o.value.end if o.value is not None else o.flag.end

    def _verbatim(self, cmd: Command) -> bool:
        host, _ = prepare(self.host[cmd.start : cmd.end], _ZERO, cmd.frag.dialect)
        return host == cmd.frag.text[cmd.fstart : cmd.fend]

    def _docker_prefix(self, cmd: Command, kept: list[int], d: int, sub_start: int) -> str:
        idx: list[int] = []
        for k in [*kept, *range(d, sub_start)]:
            o = cmd.origin[k]
            if o not in idx:
                idx.append(o)
        parts = []
        for o in idx:
            w = cmd.orig[o]
            parts.append(self.host[w.start : w.end] if self._word_verbatim(w) else w.display)
        text = " ".join(parts)
        return text or "docker"

    def _word_verbatim(self, w: Word) -> bool:
        return "\n" not in self.host[w.start : w.end]

    def _env(self, cmd: Command, container: Container, v: Word) -> None:
        eq = v.find_lit("=")
        name_part = v.part(0, eq) if eq >= 0 else v
        name = name_part.literal
        if not name:
            return
        value = dockercli.sub_after(v, eq) if eq >= 0 else None
        container.env.append(
            EnvEntry(
                name,
                self.word_value(cmd, value, -1) if value is not None else None,
                self.span(v.start, v.end),
            )
        )
        if self.is_link_var(name):
            self.facts.env_sets.append(
                EnvSet(name, self.span(name_part.start, name_part.end), container.key)
            )
        if (
            value is not None
            and value.literal
            and re.search(r"(?:HOST|HOSTNAME|SERVER|_ADDR)$", name)
        ):
            host = value.literal
            if _HOSTLIKE.fullmatch(host):
                self.facts.hostnames.append(
                    HostnameUse(
                        host, self.span(value.units[0].start, value.units[-1].end), container.key
                    )
                )

    def _link_parts(
        self, cmd: Command, o: Opt, v: Word, t_word: Word | None, a_word: Word | None
    ) -> tuple[Value | None, Value | None]:
        """Target and alias values. When data flow substituted part of the value
        (``--link "$PREFIX-db:db"``), span, raw and display come from the word as
        written, so they stay inside the command and match other names written the
        same way; the literal is still the resolved one."""
        if not any(u.src != v.src for u in v.units):
            return (
                self.value(t_word) if t_word is not None else None,
                self.value(a_word) if a_word is not None else None,
            )
        idx = o.index if o.attached else o.index + 1
        if not 0 <= idx < len(cmd.origin):
            return None, None
        written = cmd.orig[cmd.origin[idx]]
        if o.attached:
            eq = written.find_lit("=")
            written = written.part(eq + 1) if eq >= 0 else written
        colon = written.find_lit(":")
        if colon >= 0:
            parts = (written.part(0, colon), written.part(colon + 1))
        else:
            parts = (written.part(0), written.part(0))

        def make(w: Word, resolved: Word | None) -> Value | None:
            if resolved is None:
                return None
            literal = resolved.literal if colon >= 0 else None
            display = w.display if colon >= 0 else resolved.display
            return Value(self.host[w.start : w.end], self.span(w.start, w.end), literal, display)

        return make(parts[0], t_word), make(parts[1], a_word)

    def _link(
        self,
        cmd: Command,
        o: Opt,
        consumer: Container | None,
        kind: LinkKind,
        origin: str,
        flow: Flow,
    ) -> Link | None:
        v = o.value
        if v is None:
            return None
        flag = o.flag
        if o.attached or flag.src == v.src:
            span = self.span(flag.start, max(flag.end, v.end))
        else:
            a = cmd.orig[cmd.origin[o.index]].start
            vi = min(o.index + 1, len(cmd.words) - 1)
            b = cmd.orig[cmd.origin[vi]].end
            span = self.span(a, max(a, b))
        error: str | None = None
        t_word: Word | None
        a_word: Word | None
        lit = v.literal
        if lit is not None:
            try:
                spec = parse_link(lit)
            except LinkSpecError as exc:
                t_word = a_word = None
                error = str(exc)
            else:
                t_word, a_word = _spec_words(v, spec.name, spec.alias)
        else:
            colon = v.find_lit(":")
            if colon >= 0:
                t_word, a_word = v.part(0, colon), v.part(colon + 1)
            else:
                t_word = a_word = v.part(0)
        via: Span | None = None
        if flag.via is not None and flag.src != 0:
            via = self.span(flag.via.start, flag.via.end)
        target_container = None
        if t_word is not None and len(t_word.units) == 1 and t_word.units[0].kind == PARAM:
            var = flow.get(t_word.units[0].name)
            if var is not None and not t_word.units[0].op:
                target_container = var.container
        target, alias = self._link_parts(cmd, o, v, t_word, a_word)
        dynamic = any(
            u.kind == PARAM and u.name in flow.loop_vars
            for w in (t_word, a_word)
            if w is not None
            for u in w.units
        )
        link = Link(
            span=span,
            value=self.opt_value(cmd, o),
            target=target,
            alias=alias,
            kind=kind,
            consumer=consumer,
            origin=origin,
            error=error,
            target_container=target_container,
            via=via,
            dynamic=dynamic,
        )
        link.syntax = self._link_syntax(o, span)
        return link

    def _link_syntax(self, o: Opt, span: Span) -> LinkSyntax:
        start, end = span.start, span.end
        assignment = self.assignment_syntax.get(o.flag.src) if o.flag.src != 0 else None
        if assignment is None:
            return LinkSyntax(start, end, _blank_before(self.host, start), end, None)
        words = assignment.words
        k = 0
        while k < len(words) and words[k][0] < start:
            k += 1
        j = k
        while j < len(words) and words[j][0] < end:
            j += 1
        prev_end = words[k - 1][1] if k > 0 else None
        next_start = words[j][0] if j < len(words) else None
        if prev_end is not None and "#" not in self.host[prev_end:start]:
            return LinkSyntax(start, end, prev_end, end, assignment)
        if next_start is not None:
            return LinkSyntax(start, end, start, next_start, assignment)
        return LinkSyntax(start, end, start, end, assignment)

    def _join_orphans(
        self, cmd: Command, consumed: set[int], bc: locate.ByteChars, flow: Flow
    ) -> bool:
        """``docker run -d \\`` then ``-v x:y`` with a forgotten backslash then
        ``--link a:b \\`` ``image``: read the following lines that start with a flag as
        part of the command."""
        node = cmd.node
        assert node is not None
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
            extra = self._words(spans, cmd.frag)
            for w in extra:
                cmd.orig.append(w)
                for x in expand(w, flow):
                    cmd.words.append(x)
                    cmd.origin.append(len(cmd.orig) - 1)
            cmd.end = cmd.frag.m.end(fe)
            cmd.fend = fe
            consumed.add(nxt.id)
            joined = True
            last_row = nxt.end_point[0]
            nxt = nxt.next_named_sibling
        return joined

    # -- scripts given to a shell ---------------------------------------------------------

    def _script(
        self, script: Word, cmd: Command, flow: Flow, *, host_side: bool, container_key: str | None
    ) -> None:
        text, table, quoting = word_fragment(script, self.host, host_side=host_side)
        if not text.strip():
            return
        frag = cmd.frag
        quoting = "complex" if frag.quoting and quoting else frag.quoting or quoting
        outer = frag.outer if frag.outer is not None else cmd.site
        self.run(
            text,
            table,
            container_key=container_key,
            dialect="sh",
            depth=frag.depth + 1,
            quoting=quoting,
            outer=outer,
            flow=flow if host_side else Flow(),
        )

    def _heredoc_script(
        self, cmd: Command, flow: Flow, *, host_side: bool, container_key: str | None
    ) -> None:
        assert cmd.heredoc is not None
        bs, be, quoted = cmd.heredoc
        frag = cmd.frag
        outer = frag.outer if frag.outer is not None else cmd.site
        text: str = frag.text[bs:be]
        m: Mapper = _Offset(frag.m, bs)
        if not quoted and not host_side:
            text, m = _expanded_heredoc(frag.text, bs, be, frag.m)
        self.run(
            text,
            m,
            container_key=container_key,
            dialect="sh",
            depth=frag.depth + 1,
            quoting=frag.quoting,
            outer=outer,
            flow=flow if host_side else Flow(),
        )

    # -- assignments -----------------------------------------------------------------------

    def _assign(self, node: Node, frag: Fragment, bc: locate.ByteChars, flow: Flow) -> None:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return
        name = bc.data[name_node.start_byte : name_node.end_byte].decode("utf-8", "replace")
        if not is_name(name):
            return
        append = any(c.type == "+=" for c in node.children)
        value = node.child_by_field_name("value")
        m = frag.m
        self.assignments += 1
        aid = self.assignments
        if value is None:
            eq_end = name_node.end_byte + (2 if append else 1)
            at = m.end(bc(eq_end))
            empty = Word([], at, at, self.host, None, aid)
            syn = AssignmentSyntax(name, aid, at, at, at, at, "word", ())
            self.assignment_syntax[aid] = syn
            if not append:
                flow.set(Var(name, value=empty, assignment=syn))
            return
        vs, ve = bc(value.start_byte), bc(value.end_byte)
        vstart, vend = m(vs), m.end(ve)
        if value.type == "array":
            elements: list[Word] = []
            spans: list[tuple[int, int]] = []
            for child in value.named_children:
                if child.type == "comment":
                    continue
                cs, ce = bc(child.start_byte), bc(child.end_byte)
                w = parse_word(frag.text, cs, ce, m, self.host, src=aid)
                if frag.dialect == "make":
                    w = _host_param_texts(w, self.host)
                for x in expand(w, flow):
                    elements.append(_rebase(x, aid))
                spans.append((m(cs), m.end(ce)))
            inner_s = m(vs + 1)
            inner_e = m.end(ve - 1)
            syn = AssignmentSyntax(name, aid, vstart, vend, inner_s, inner_e, "array", tuple(spans))
            self.assignment_syntax[aid] = syn
            old = flow.get(name)
            if append and old is not None and old.elements is not None:
                elements = old.elements + elements
            flow.set(Var(name, elements=elements, assignment=syn))
            return
        w = parse_word(frag.text, vs, ve, m, self.host, src=aid)
        if frag.dialect == "make":
            w = _host_param_texts(w, self.host)
        expanded = expand(w, flow, split=False)
        val = expanded[0] if expanded else Word([], vstart, vend, self.host, None, aid)
        val = _rebase(val, aid)
        text = frag.text[vs:ve]
        quoted = len(text) >= 2 and text[0] in "\"'" and text[-1] == text[0]
        inner_s, inner_e = (m(vs + 1), m.end(ve - 1)) if quoted else (vstart, vend)
        word_spans = _value_word_spans(val, aid)
        syn = AssignmentSyntax(
            name,
            aid,
            vstart,
            vend,
            inner_s,
            inner_e,
            "string" if quoted else "word",
            tuple(word_spans),
        )
        self.assignment_syntax[aid] = syn
        container = None
        if value.type in ("command_substitution", "string"):
            container = self._container_in(frag, vs, ve)
            if container is not None and not _only_substitution(text):
                container = None
        old = flow.get(name)
        if append and old is not None and old.value is not None:
            val = Word(old.value.units + val.units, val.start, val.end, self.host, None, aid)
        if container is not None:
            container.id_variable = name
            flow.set(Var(name, container=container, assignment=syn))
        else:
            flow.set(Var(name, value=val, assignment=syn))

    def _container_in(self, frag: Fragment, fs: int, fe: int) -> Container | None:
        for p in self.made:
            if p.serial == frag.serial and fs <= p.fstart and p.fend <= fe:
                return p.container
        return None

    # -- reads -------------------------------------------------------------------------------

    def _var_read(self, node: Node, frag: Fragment, bc: locate.ByteChars) -> None:
        text = node.text
        if text is None:
            return
        name = text.decode("utf-8", "replace")
        if not self.is_link_var(name):
            return
        parent = node.parent
        if parent is None:
            return
        indirect = False
        pt = parent.type
        if pt in ("simple_expansion", "expansion"):
            indirect = any(c.type == "!" for c in parent.children)
        elif pt == "subscript":
            gp = parent.parent
            if gp is None or gp.type != "expansion":
                return
        elif not _arithmetic(node):
            return
        start = frag.m(bc(node.start_byte))
        end = frag.m.end(bc(node.end_byte))
        self.facts.reads.append(
            EnvRead(name, self.span(start, end), "shell", frag.container_key, indirect)
        )

    def _for(self, node: Node, frag: Fragment, bc: locate.ByteChars, flow: Flow) -> None:
        body = node.child_by_field_name("body")
        var = node.child_by_field_name("variable")
        if var is not None:
            name = bc.data[var.start_byte : var.end_byte].decode("utf-8", "replace")
            flow.loop_vars.add(name)
            flow.unset(name)
        if body is None or var is None:
            return
        btext = bc.data[body.start_byte : body.end_byte]
        vname = bc.data[var.start_byte : var.end_byte]
        if not (b"eval" in btext or b"${!" + vname in btext or b"printenv" in btext):
            return
        for child in node.children_by_field_name("value"):
            cs, ce = bc(child.start_byte), bc(child.end_byte)
            w = parse_word(frag.text, cs, ce, frag.m, self.host)
            lit = w.literal
            if lit and is_name(lit) and self.is_link_var(lit):
                self.facts.reads.append(
                    EnvRead(
                        lit,
                        self.span(w.units[0].start, w.units[-1].end),
                        "shell",
                        frag.container_key,
                        indirect=True,
                    )
                )

    # -- hostnames -----------------------------------------------------------------------------

    def _command_hostnames(self, words: list[Word], container_key: str | None) -> None:
        if not words:
            return
        lit = words[0].literal
        if lit is None:
            return
        base = lit.rsplit("/", 1)[-1]
        args = words[1:]
        if base in _HOST_FLAG_COMMANDS:
            for k, w in enumerate(args):
                wl = w.literal
                if wl is None:
                    continue
                value: Word | None = None
                if wl in ("-h", "--host", "-host", "-H") and k + 1 < len(args):
                    value = args[k + 1]
                elif wl.startswith("--host="):
                    value = w.sub(7, None, start=w.units[6].end)
                elif wl.startswith("-h") and len(wl) > 2 and base.startswith(("mysql", "mariadb")):
                    value = w.sub(2, None, start=w.units[1].end)
                if value is not None:
                    self._hostname_word(value, container_key)
        elif base in _POSITIONAL_HOST_COMMANDS:
            skip_next = False
            for w in args:
                wl = w.literal
                if skip_next:
                    skip_next = False
                    continue
                if wl is None:
                    return
                if wl.startswith("-"):
                    skip_next = wl in ("-w", "-W", "-i", "-p", "-s", "-q", "-c", "-t")
                    continue
                self._hostname_word(w, container_key)
                return
        elif _WAIT_FOR.match(base):
            for w in args:
                wl = w.literal
                if wl and not wl.startswith("-") and ":" in wl:
                    colon = w.find_lit(":")
                    self._hostname_word(w.part(0, colon), container_key)
                    return

    def _hostname_word(self, w: Word, container_key: str | None) -> None:
        lit = w.literal
        if lit and _HOSTLIKE.fullmatch(lit) and w.units:
            self.facts.hostnames.append(
                HostnameUse(lit, self.span(w.units[0].start, w.units[-1].end), container_key)
            )

    def _text_hostnames(self, frag: Fragment, root: Node, bc: locate.ByteChars) -> None:
        text = frag.text
        if (
            "://" not in text
            and "HOST" not in text
            and "SERVER" not in text
            and "_ADDR" not in text
        ):
            return
        for rx in (_URL, _HOST_ASSIGN, _HOST_DEFAULT):
            for mt in rx.finditer(text):
                a, b = mt.span(1)
                if _in_comment(root, text, bc, a):
                    continue
                host = mt.group(1)
                self.facts.hostnames.append(
                    HostnameUse(host, self.span(frag.m(a), frag.m.end(b)), frag.container_key)
                )

    # -- statements ------------------------------------------------------------------------------

    def _site(self, frag: Fragment, host_start: int) -> StatementSite:
        if frag.outer is not None:
            return frag.outer
        ls = self._line_start(host_start)
        margin = self.host[ls:host_start]
        own = margin.strip() == "" or (
            frag.depth == 0
            and self.facts.language != "shell"
            and _MARGIN_OK.fullmatch(margin) is not None
        )
        prev_continued = False
        if ls > 0:
            prev_end = ls - 1
            if prev_end > 0 and self.host[prev_end - 1] == "\r":
                prev_end -= 1
            prev_continued = prev_end > 0 and self.host[prev_end - 1] == "\\"
        lines_ok = own and not prev_continued
        return StatementSite(host_start, ls, margin, own, lines_ok)

    def _site_for_node(self, frag: Fragment, node: Node, bc: locate.ByteChars) -> StatementSite:
        if frag.outer is not None:
            return frag.outer
        stmt = locate.enclosing_statement(node)
        return self._site(frag, frag.m(bc(stmt.start_byte)))

    def _site_for_offsets(self, frag: Fragment, fs: int) -> StatementSite:
        return self._site(frag, frag.m(fs))


# -- module helpers ----------------------------------------------------------------------


def _display(host: str, w: Word) -> str:
    """Display text of a word whose expansions were resolved: read it again as written."""
    try:
        return parse_word(host, w.start, w.end, _ZERO, host).display
    except Unterminated:
        return w.display


def _spec_words(v: Word, name: str, alias: str) -> tuple[Word, Word]:
    """The target and alias parts of a static link value (``db:db``, ``db``, the
    stored form ``/db:/web/db``)."""
    colon = v.find_lit(":")
    if colon < 0:
        whole = v.part(0)
        return whole, whole
    t = v.part(0, colon)
    a = v.part(colon + 1)
    if name != t.literal and (t.literal or "").startswith("/"):
        t = t.part(1)
    if alias != a.literal:
        slash = -1
        for k, u in enumerate(a.units):
            if u.kind == LIT and u.text == "/":
                slash = k
        a = a.part(slash + 1)
    return t, a


def _inside_error(node: Node) -> bool:
    cur: Node | None = node
    while cur is not None:
        if cur.type == "ERROR":
            return True
        cur = cur.parent
    return False


def _arithmetic(node: Node) -> bool:
    cur = node
    parent = cur.parent
    while parent is not None and parent.type in (
        "binary_expression",
        "unary_expression",
        "postfix_expression",
        "parenthesized_expression",
        "ternary_expression",
    ):
        if parent.type == "binary_expression" and parent.child_by_field_name("left") == cur:
            op = parent.child_by_field_name("operator")
            if op is not None and op.type == "=":
                return False
        cur = parent
        parent = cur.parent
    if parent is None:
        return False
    if parent.type in ("arithmetic_expansion", "c_style_for_statement"):
        return True
    return (
        parent.type == "compound_statement"
        and parent.child_count > 0
        and parent.children[0].type == "(("
    )


def _in_comment(root: Node, text: str, bc: locate.ByteChars, a: int) -> bool:
    line_start = text.rfind("\n", 0, a) + 1
    if "#" not in text[line_start:a]:
        return False
    b = len(text[:a].encode("utf-8", "surrogatepass"))
    node = root.descendant_for_byte_range(b, b + 1)
    while node is not None:
        if node.type == "comment":
            return True
        if node.type in ("program", "command", "string", "raw_string", "heredoc_body"):
            return False
        node = node.parent
    return False


def _is_assignment_word(w: Word) -> bool:
    prefix = w.lit_prefix()
    eq = prefix.find("=")
    if eq <= 0:
        return False
    name = prefix[:eq]
    if name.endswith("+"):
        name = name[:-1]
    return is_name(name) and not w.units[0].quoted


def _unwrap(words: list[Word], i: int) -> tuple[int, list[int]]:
    """Skip command wrappers (sudo, env, exec, time, nohup...). Returns the index of
    the real command and the indices of the wrapper words worth repeating (sudo, env)."""
    kept: list[int] = []
    while i < len(words):
        lit = words[i].literal
        if lit is None:
            break
        base = lit.rsplit("/", 1)[-1]
        if base not in _WRAPPERS:
            break
        keep = base in _WRAPPERS_KEPT
        if keep:
            kept.append(i)
        i += 1
        value_opts = _WRAPPER_VALUE_OPTS.get(base, frozenset())
        while i < len(words):
            wl = words[i].literal
            if wl is None:
                break
            if base == "command" and wl in ("-v", "-V"):
                return len(words), kept
            if wl == "--":
                if keep:
                    kept.append(i)
                i += 1
                break
            if wl.startswith("-") and len(wl) > 1:
                if keep:
                    kept.append(i)
                if wl in value_opts or (wl.startswith("--") and "=" not in wl and wl in value_opts):
                    if keep and i + 1 < len(words):
                        kept.append(i + 1)
                    i += 2
                else:
                    i += 1
                continue
            if base in ("env", "sudo") and _is_assignment_word(words[i]):
                if keep:
                    kept.append(i)
                i += 1
                continue
            if base == "timeout" and wl[:1].isdigit():
                i += 1
            break
    return i, kept


def _is_docker_word(w: Word) -> bool:
    lit = w.literal
    if lit is not None:
        return lit.rsplit("/", 1)[-1] in ("docker", "docker.exe")
    for u in w.units:
        if u.kind == PARAM and ((u.name and "DOCKER" in u.name.upper()) or "docker" in u.op):
            return all(x.kind == PARAM or x.text in "/" for x in w.units) or w.display.endswith(
                "docker"
            )
    return False


def _shell_script(args: list[Word]) -> Word | None:
    """``sh -c SCRIPT`` / ``bash -ec SCRIPT`` / ``/bin/sh -c`` / ``env bash -c``."""
    if not args:
        return None
    k = 0
    lit = args[0].literal
    if lit is not None and lit.rsplit("/", 1)[-1] == "env" and len(args) > 1:
        k = 1
        while k < len(args) and (args[k].literal or "").startswith("-"):
            k += 1
        lit = args[k].literal if k < len(args) else None
    if lit is None or lit.rsplit("/", 1)[-1] not in _SHELLS:
        return None
    rest = args[k + 1 :]
    if lit.rsplit("/", 1)[-1] == "busybox":
        if not rest or rest[0].literal not in ("sh", "ash"):
            return None
        rest = rest[1:]
    return _shell_args_script(rest)


def _shell_args_script(rest: list[Word]) -> Word | None:
    """The script of the arguments of a shell: ``-c SCRIPT``, ``-ec SCRIPT``, ``-e -c S``."""
    has_c = False
    k = 0
    while k < len(rest):
        wl = rest[k].literal
        if wl is None:
            break
        if wl in ("-o", "+o", "-O", "+O"):
            k += 2
            continue
        if wl.startswith(("-", "+")) and len(wl) > 1 and not wl.startswith("--"):
            if "c" in wl[1:]:
                has_c = True
            k += 1
            continue
        if wl.startswith("--"):
            k += 1
            continue
        break
    if has_c and k < len(rest):
        return rest[k]
    return None


def _executed_script(words: list[Word], i: int) -> Word | None:
    """Text the host runs as shell: ``eval ...``, ``sh -c S``, ``su -c S``, ``ssh host S``,
    ``vagrant ssh -c S``, ``docker-machine ssh NAME S``."""
    head = words[i].literal or ""
    base = head.rsplit("/", 1)[-1]
    args = words[i + 1 :]
    if base == "eval":
        return _join_words(args)
    if base in _SHELLS:
        return _shell_script(words[i:])
    if base == "su":
        for k, w in enumerate(args):
            if w.literal in ("-c", "--command") and k + 1 < len(args):
                return args[k + 1]
        return None
    if base == "ssh":
        k = 0
        while k < len(args):
            wl = args[k].literal
            if wl is None:
                break
            if wl.startswith("-"):
                k += 2 if (len(wl) == 2 and wl[1] in "bcDEeFIiJLlmOopQRSWw") else 1
                continue
            break
        return _join_words(args[k + 1 :]) if k + 1 < len(args) else None
    if base == "vagrant" and args and args[0].literal == "ssh":
        for k, w in enumerate(args):
            if w.literal in ("-c", "--command") and k + 1 < len(args):
                return args[k + 1]
            if w.literal == "--" and k + 1 < len(args):
                return _join_words(args[k + 1 :])
        return None
    if base == "docker-machine" and len(args) >= 3 and args[0].literal == "ssh":
        return _join_words(args[2:])
    return None


def _heredoc(node: Node, bc: locate.ByteChars) -> tuple[int, int, bool] | None:
    """The heredoc fed to a command (``ssh host <<EOF``): its body and whether the
    delimiter is quoted (no expansion by the host)."""
    parent = node.parent
    if parent is None or parent.type != "redirected_statement":
        return None
    body_of = parent.child_by_field_name("body")
    if body_of is None or body_of.id != node.id:
        return None
    for child in parent.children:
        if child.type != "heredoc_redirect":
            continue
        body = start = None
        for part in child.children:
            if part.type == "heredoc_body":
                body = part
            elif part.type == "heredoc_start":
                start = part
        if body is None:
            return None
        delim = bc.data[start.start_byte : start.end_byte] if start is not None else b""
        quoted = any(c in delim for c in b"'\"\\")
        return bc(body.start_byte), bc(body.end_byte), quoted
    return None


def _reads_stdin_script(words: list[Word], i: int) -> bool:
    """A command that runs the shell text on its stdin: ``sh``, ``bash -s``, ``ssh host``
    (no remote command), ``sudo -i``... (after the wrappers)."""
    head = words[i].literal or ""
    base = head.rsplit("/", 1)[-1]
    args = [w.literal or "" for w in words[i + 1 :]]
    if base in _SHELLS:
        return not any(a.startswith("-") and "c" in a[1:] and not a.startswith("--") for a in args)
    if base == "ssh":
        positional = [a for a in args if not a.startswith("-")]
        return len(positional) <= 1
    if base == "vagrant":
        return args[:1] == ["ssh"] and "-c" not in args and "--command" not in args
    return False


def _expanded_heredoc(s: str, bs: int, be: int, m: Mapper) -> tuple[str, OffsetMap]:
    """What an unquoted heredoc body becomes after the host expanded it: ``\\$X`` is
    ``$X``, host expansions become placeholders that read as nothing."""
    chars: list[str] = []
    offs: list[int] = []
    i = bs
    while i < be:
        c = s[i]
        if c == "\\" and i + 1 < be and s[i + 1] in "$`\\\n":
            if s[i + 1] != "\n":
                chars.append(s[i + 1])
                offs.append(m(i + 1))
            i += 2
            continue
        if c in "$`":
            try:
                end = dollar_end(s, i, be) if c == "$" else backtick_end(s, i, be)
            except Unterminated:
                end = i + 1
            if end > i + 1:
                chars.append("0" * (end - i))
                offs.extend(m(k) for k in range(i, end))
                i = end
                continue
        chars.append(c)
        offs.append(m(i))
        i += 1
    offs.append(m.end(be))
    return "".join(chars), OffsetMap(tuple(offs))


class _Offset:
    """A map for a slice of a fragment that starts at ``offset``."""

    __slots__ = ("base", "offset")

    def __init__(self, base: Mapper, offset: int) -> None:
        self.base = base
        self.offset = offset

    def __call__(self, offset: int) -> int:
        return self.base(self.offset + offset)

    def end(self, offset: int) -> int:
        return self.base.end(self.offset + offset)


def _as_written(cmd: Command, script: Word) -> Word:
    """The words a host-run script came from, before variable expansion (the shell that
    runs it expands them again; keeping ``$LINKS`` lets the links carry their ``via``)."""
    idx = [k for k, w in enumerate(cmd.words) if w is script]
    if idx:
        return cmd.orig[cmd.origin[idx[0]]]
    ks = [
        k
        for k, w in enumerate(cmd.words)
        if script.start <= w.start and w.end <= script.end and w.src == script.src
    ]
    origs = sorted({cmd.origin[k] for k in ks})
    if not origs:
        return script
    joined = _join_words([cmd.orig[o] for o in origs])
    return joined if joined is not None else script


def _join_words(words: list[Word]) -> Word | None:
    """Several arguments as one word, joined by spaces (how ``eval`` and ``ssh`` see them)."""
    if not words:
        return None
    if len(words) == 1:
        return words[0]
    units: list[Unit] = []
    for k, w in enumerate(words):
        if k:
            prev = words[k - 1]
            units.append(Unit(" ", prev.end, prev.end, LIT, True))
        units.extend(w.units)
    return Word(units, words[0].start, words[-1].end, words[0].host, None, words[0].src)


def word_fragment(w: Word, host: str, *, host_side: bool) -> tuple[str, OffsetMap, str]:
    """The shell text a word gives to a shell, with the host offset of each character.

    ``host_side``: the host runs it (``eval``): expansions stay as written, to be read
    again. Otherwise (a container's ``sh -c``) the host already expanded them: they
    become placeholders that read as nothing."""
    chars: list[str] = []
    offs: list[int] = []
    for u in w.units:
        if u.kind == LIT:
            chars.append(u.text)
            offs.extend([u.start] * len(u.text))
            continue
        raw = u.text
        if host_side:
            contiguous = host[u.start : u.end] == raw
            chars.append(raw)
            offs.extend(range(u.start, u.start + len(raw)) if contiguous else [u.start] * len(raw))
        else:
            chars.append("0" * len(raw))
            offs.extend([u.start] * len(raw))
    text = "".join(chars)
    end = w.units[-1].end if w.units else w.end
    raw_word = host[w.start : w.end]
    quoting = ""
    if raw_word.startswith("'"):
        quoting = "'"
    elif raw_word.startswith('"'):
        quoting = '"'
    elif raw_word.startswith("$'"):
        quoting = "complex"
    offs.append(end)
    return text, OffsetMap(tuple(offs)), quoting


def _host_param_texts(w: Word, host: str) -> Word:
    """make dialect: expansions show as written in the Makefile (``$(TAG)``)."""
    units = [
        Unit(
            host[u.start : u.end],
            u.start,
            u.end,
            u.kind,
            u.quoted,
            u.name,
            u.op,
            u.prefix,
            u.src,
            u.split,
        )
        if u.kind != LIT
        else u
        for u in w.units
    ]
    return Word(units, w.start, w.end, w.host, w.via, w.src)


def _rebase(w: Word, aid: int) -> Word:
    """Units written in the assignment itself get the assignment's id."""
    units = [
        Unit(u.text, u.start, u.end, u.kind, u.quoted, u.name, u.op, u.prefix, aid, u.split)
        if u.src == 0
        else u
        for u in w.units
    ]
    return Word(units, w.start, w.end, w.host, w.via, aid)


def _value_word_spans(val: Word, aid: int) -> list[tuple[int, int]]:
    """Blank-separated words written in a string value, as host spans."""
    out: list[tuple[int, int]] = []
    cur: list[Unit] = []
    for u in val.units:
        if (u.kind == LIT and u.text in " \t\n") or u.src != aid:
            if cur:
                out.append((cur[0].start, cur[-1].end))
                cur = []
            continue
        cur.append(u)
    if cur:
        out.append((cur[0].start, cur[-1].end))
    return out


def _only_substitution(text: str) -> bool:
    t = text.strip()
    if t.startswith('"') and t.endswith('"'):
        t = t[1:-1]
    return (t.startswith("$(") and t.endswith(")")) or (t.startswith("`") and t.endswith("`"))


def _blank_before(host: str, start: int) -> int:
    """Start of the blanks and line continuations just before ``start``."""
    j = start
    while j > 0:
        c = host[j - 1]
        if c in " \t":
            j -= 1
        elif c == "\n" and j >= 2 and host[j - 2] == "\\":
            j -= 2
        elif c == "\n" and j >= 3 and host[j - 2] == "\r" and host[j - 3] == "\\":
            j -= 3
        else:
            break
    return j


def _net_text(v: Value) -> str:
    return (
        v.literal if v.literal is not None else (v.display if "$" in v.display else "$" + v.display)
    )


def _ports(fn: object, value: str) -> list[str]:
    try:
        out = fn(value)  # type: ignore[operator]
    except ValueError:
        return []
    return list(out)


class _Zero:
    def __call__(self, offset: int) -> int:
        return offset

    def end(self, offset: int) -> int:
        return offset


_ZERO = _Zero()


class Gaps:
    """A map for a fragment made from another by dropping characters (``\\r`` of
    ``\\r\\n``, the second ``$`` of make's ``$$``)."""

    __slots__ = ("base", "drops")

    def __init__(self, base: Mapper, drops: list[int]) -> None:
        self.base = base
        self.drops = drops

    def _orig(self, i: int) -> int:
        return i + bisect.bisect_right(self.drops, i)

    def __call__(self, offset: int) -> int:
        return self.base(self._orig(offset))

    def end(self, offset: int) -> int:
        if offset <= 0:
            return self.base.end(0)
        return self.base(self._orig(offset - 1)) + 1


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def prepare(text: str, m: Mapper, dialect: str) -> tuple[str, Mapper]:
    """Normalise a fragment: CRLF -> LF; make dialect: ``$$`` -> ``$``, make variables
    ``$(VAR)``/``${VAR}`` -> ``${VAR}`` and other make references to placeholders of the
    same length."""
    if "\r" not in text and dialect != "make":
        return text, m
    out: list[str] = []
    drops: list[int] = []
    i = 0
    n = len(text)
    removed = 0
    line_start = True
    while i < n:
        c = text[i]
        if dialect == "make" and line_start:
            # recipe prefixes @ - + (not on continuation lines)
            j = i
            while j < n and text[j] in " \t":
                j += 1
            k = j
            while k < n and text[k] in "@-+":
                k += 1
            prev = "".join(out).rstrip("\n")
            if k > j and not prev.endswith("\\"):
                out.append(text[i:j] + " " * (k - j))
                i = k
                line_start = False
                continue
        line_start = c == "\n"
        if c == "\r" and i + 1 < n and text[i + 1] == "\n":
            drops.append(i - removed)
            removed += 1
            i += 1
            continue
        if dialect == "make" and c == "$" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                drops.append(i + 1 - removed)
                removed += 1
                i += 2
                continue
            if nxt in "({":
                close = ")" if nxt == "(" else "}"
                depth = 0
                j = i + 1
                while j < n:
                    if text[j] == nxt:
                        depth += 1
                    elif text[j] == close:
                        depth -= 1
                        if depth == 0:
                            break
                    elif text[j] == "\n":
                        break
                    j += 1
                if j < n and text[j] == close:
                    inner = text[i + 2 : j]
                    length = j + 1 - i
                    if is_name(inner):
                        out.append("${" + inner + "}")
                    else:
                        out.append("${" + "M" * max(0, length - 3) + "}")
                    i = j + 1
                    continue
            else:
                out.append("__")
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out), Gaps(m, drops) if drops else m


def extract_text(
    facts: FileFacts,
    src_text: str,
    path: str,
    fragment: str,
    m: Mapper,
    ctx: Context,
    *,
    container_key: str | None,
    dialect: str,
    newline: str,
) -> Extractor:
    ex = Extractor(facts, src_text, path, ctx, newline=newline)
    ex.line_starts = [0] + [mt.end() for mt in _LINE_BREAK.finditer(src_text)]
    ex.run(fragment, m, container_key=container_key, dialect=dialect)
    return ex
