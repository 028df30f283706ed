"""The shell extractor: a fragment of shell text -> facts with host spans.

tree-sitter locates commands, assignments, expansions, ``for`` loops and ERROR regions
(:mod:`.locate`); simple commands are split into words by bashlex (checked) or our
tokenizer (:mod:`.tokenize`), unwrapped (:mod:`.wrappers`), and a docker command goes to
the handler of its subcommand (:mod:`.docker`) with a :class:`~.command.DockerCall`.
Variables are followed through :mod:`.flow` (:mod:`.assign` records them); reads and
hostnames are in :mod:`.reads` and :mod:`.hostnames`. Strings that are themselves
shell (``sh -c``, ``eval``, ``ssh``, ``vagrant ssh -c``, :mod:`.scripts`) are extracted
recursively through an offset map, so every span points at the exact host characters.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from delink.diagnostics import Severity, Span
from delink.facts import TOP_LEVEL, FileFacts, Order, Problem, Statement, Value
from delink.model import is_unambiguous_link_var, parse_link_var
from delink.sources.shell import docker, dockercli, locate
from delink.sources.shell.assign import assign, host_assignment
from delink.sources.shell.command import Command, DockerCall, Fragment, Pending
from delink.sources.shell.docker.run import LINK_FLAGS
from delink.sources.shell.dockercli import Opt
from delink.sources.shell.flow import Flow, expand
from delink.sources.shell.functions import RUNNERS, expand_call, find_wrappers, runner_end
from delink.sources.shell.hostnames import (
    HOST_FLAG_COMMANDS,
    POSITIONAL_HOST_COMMANDS,
    command_hostnames,
    text_hostnames,
)
from delink.sources.shell.optionstore import HEADS as STORE_HEADS
from delink.sources.shell.optionstore import is_hook, store_command
from delink.sources.shell.prepare import make_param_texts, prepare
from delink.sources.shell.reads import for_loop, printenv_reads, var_read
from delink.sources.shell.scripts import (
    SHELLS,
    Offset,
    as_written,
    executed_script,
    expanded_heredoc,
    heredoc,
    reads_stdin_script,
    word_fragment,
)
from delink.sources.shell.syntax import AssignmentSyntax, HostAssignment, StatementSite
from delink.sources.shell.tokenize import command_words, read_commands, read_simple
from delink.sources.shell.words import (
    LIT,
    MAX_NESTING,
    PARAM,
    Mapper,
    Shift,
    Unterminated,
    Word,
    flatten_deep,
    parse_word,
)
from delink.sources.shell.wrappers import WRAPPERS, is_assignment_word, is_docker_word, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

    from delink.sources import Context

MAX_DEPTH = 6

_EXECUTORS_RE = re.compile(r"\s*(?:\S*/)?(?:eval|ssh|vagrant|su|sudo|sh|bash|dash|ash|zsh|ksh|\$)")
_SYNTAX_CHARS = frozenset(";&|<>()\n'\"\\`")
_SHAPE_HINT = re.compile(r"_(?:PORT|ENV_|NAME$)")
_MARGIN_OK = re.compile(r"[ \t]*(?:(?:[@+-]+|\$|%|>|-)[ \t]*)?")
_REMOTE = frozenset({"ssh", "vagrant", "docker-machine"})  # run the text on another host
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPED_BLANK_END = re.compile(r"(?<!\\)(?:\\\\)*\\[ \t]+$")


@dataclass
class Extractor:
    facts: FileFacts
    host: str
    path: str
    ctx: Context
    newline: str = "\n"
    line_starts: list[int] = field(default_factory=list)
    serials: int = 0
    keys: set[str] = field(default_factory=set)
    made: list[Pending] = field(default_factory=list)
    assignment_syntax: dict[int, AssignmentSyntax] = field(default_factory=dict)
    hook: bool = False  # a dokku docker-args hook: what it prints are docker options
    wrappers: dict[str, list[Word]] = field(default_factory=dict)  # functions wrapping docker
    templates: set[int] = field(default_factory=set)  # their docker commands (node ids)
    runners: set[str] = field(default_factory=set)  # functions that run "$@" as a command

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
        order: Order = TOP_LEVEL,
    ) -> None:
        if depth > MAX_DEPTH:
            return
        text, m = prepare(text, m, dialect)
        self.serials += 1
        frag = Fragment(text, m, container_key, dialect, depth, quoting, outer, self.serials, order)
        if flow is None:
            flow = Flow()
        try:
            self._fragment(frag, flow)
        except RecursionError:
            self.problem(
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
        default = _default(w) if w.literal is None else None
        if 0 <= k < len(cmd.words) and cmd.words[k] is w and w.via is not None:
            oi = cmd.origin[k]
            if cmd.origin.count(oi) == 1:
                orig = cmd.orig[oi]
                span = self.span(orig.start, orig.end)
                return Value(orig.raw, span, w.literal, orig.display, default)
        if any(u.src != w.src for u in w.units):
            return Value(
                self.host[w.start : w.end],
                self.span(w.start, w.end),
                w.literal,
                _display(self.host, w),
                default,
            )
        value = self.value(w)
        return Value(value.raw, value.span, value.literal, value.display, default)

    def opt_value(self, cmd: Command, o: Opt) -> Value:
        assert o.value is not None
        if o.attached:
            return self.word_value(cmd, o.value, -1)
        return self.word_value(cmd, o.value, o.index + 1)

    def problem(self, start: int, end: int, message: str) -> None:
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
        functions, conditional = locate.order_ranges(root)
        frag.functions = [(bc(a), bc(b), name) for a, b, name in functions]
        frag.conditional = [(bc(a), bc(b)) for a, b in conditional]

        if frag.depth == 0 and frag.outer is None:
            for st in locate.top_statements(root):
                self.facts.statements.append(
                    Statement(m(bc(st.start_byte)), m.end(bc(st.end_byte)))
                )

        caps = locate.captures(root) if root.child_count else {}
        # ERROR regions: read with the tokenizer; commands inside are not read twice
        regions = self._error_regions(frag, bc, caps.get("error", []), caps.get("command", []))
        if b"$@" in bc.data or b"$*" in bc.data or b"${@}" in bc.data:
            find_wrappers(self, frag, bc, caps.get("func", []), caps.get("command", []))
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
                var_read(self, node, frag, bc)
            except (ValueError, IndexError):  # a read we cannot place is only a read
                continue
        with contextlib.suppress(ValueError, IndexError):
            text_hostnames(self, frag, root, bc)

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
                assign(self, node, frag, bc, flow)
            elif kind == "unset":
                for child in node.named_children:
                    flow.unset(
                        bc.data[child.start_byte : child.end_byte].decode("utf-8", "replace")
                    )
            elif kind == "for":
                for_loop(self, node, frag, bc, flow)
        except RecursionError:
            raise
        except Exception as exc:  # one command must not cost the rest of the file
            start = frag.m(bc(node.start_byte))
            what = str(exc) if isinstance(exc, Unterminated) else f"{type(exc).__name__}: {exc}"
            self.problem(
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
                self.problem(
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
                self.problem(
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
        if node.id in self.templates and b"-link" not in chunk:
            return  # a wrapper's own `docker run "$@"`: read at each call
        docker_like = (
            word in ("docker", "docker.exe")
            or word in self.wrappers
            or (mentions_docker and (word in self.runners or word in RUNNERS))
            or variable
            or (mentions_docker and (word in WRAPPERS or word in SHELLS or word == "eval"))
        )
        interesting = (
            docker_like
            or word in STORE_HEADS
            or (word in ("echo", "printf") and self.hook)
            or word in WRAPPERS
            or word in SHELLS
            or word in ("eval", "ssh", "vagrant", "su", "printenv", "docker-machine")
            or word in HOST_FLAG_COMMANDS
            or word in POSITIONAL_HOST_COMMANDS
            or "wait-for" in word
        )
        if word in ("cat", "tee") and _writes_file(node, word):
            body = heredoc(node, bc)
            if body is not None:
                self.heredoc_file(frag, body)
        if not interesting:
            if word in LINK_FLAGS or word.startswith(("--link=", "-link=")):
                self._orphan_link(frag, bc(node.start_byte), bc(node.end_byte))
            return
        fs, fe = bc(node.start_byte), bc(node.end_byte)
        if docker_like:
            frag = self._shallow(frag, fs, fe)
            try:
                spans, method = command_words(frag.text, fs, fe)
            except Unterminated as exc:
                if mentions_docker:
                    self.problem(
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
        site = self.site_for_node(frag, node, bc)
        self._simple(spans, fs, fe, frag, flow, site, node, method, consumed=consumed, bc=bc)

    def _shallow(self, frag: Fragment, fs: int, fe: int) -> Fragment:
        """``frag``, or, when the docker command at ``fs:fe`` nests parentheses too
        deeply to be read, a copy whose text has that deep inside blanked out (offsets
        kept): its links, options and image are read, and a problem says what was not."""
        flat = flatten_deep(frag.text, fs, fe)
        if flat is None:
            return frag
        self.problem(
            frag.m(fs),
            frag.m.end(fe),
            f"command substitutions nested more than {MAX_NESTING} deep in this docker "
            "command: what they hold was not read",
        )
        return replace(frag, text=flat)

    def _orphan_link(self, frag: Fragment, fs: int, fe: int) -> None:
        """A line that starts with ``--link`` after a line ending in ``\\ `` (an escaped
        blank, not a line continuation): a command of its own, not a link."""
        text = frag.text
        line_start = text.rfind("\n", 0, fs) + 1
        if text[line_start:fs].strip() or line_start == 0:
            return
        before = text[: line_start - 1]
        if not _ESCAPED_BLANK_END.search(before):
            return
        try:
            spans = read_simple(text, fs, fe).words
        except Unterminated:
            return
        end = (
            spans[1][1]
            if len(spans) > 1 and "=" not in text[spans[0][0] : spans[0][1]]
            else spans[0][1]
        )
        shown = text[fs:end]
        self.facts.problems.append(
            Problem(
                self.span(frag.m(fs), frag.m.end(end)),
                f"`{shown}` is not a link: the line before ends with `\\ ` (a backslash and a "
                "blank), which ends the docker command instead of continuing it",
                code="DLK309",
                severity=Severity.WARNING,
            )
        )

    def words(self, spans: list[tuple[int, int]], frag: Fragment) -> list[Word]:
        out = []
        for a, b in spans:
            w = parse_word(frag.text, a, b, frag.m, self.host)
            if frag.dialect == "make":
                w = make_param_texts(w, self.host)
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
        orig = self.words(spans, frag)
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
            cmd.heredoc = heredoc(node, bc)
            cmd.bc = bc
            cmd.consumed = consumed
        self._dispatch(cmd, flow)

    def _dispatch(self, cmd: Command, flow: Flow) -> None:
        words = cmd.words
        i = 0
        # leading assignments (X=1 cmd) and wrappers
        kept_prefix: list[int] = []
        while i < len(words) and is_assignment_word(words[i]):
            kept_prefix.append(i)
            i += 1
        i, kept = unwrap(words, i)
        kept_prefix += kept
        while i < len(words):
            if not expand_call(self, cmd, i):
                j = runner_end(self, words, i)
                if j is None:
                    break
                i = j
            i, kept = unwrap(words, i)
            kept_prefix += kept
        if i >= len(words):
            return
        head = words[i]
        lit = head.literal
        base = lit.rsplit("/", 1)[-1] if lit is not None else None
        if is_docker_word(head):
            sub = dockercli.subcommand(words, i + 1)
            if sub is not None:
                names, after, _globals = sub
                docker.handle(DockerCall(self, cmd, flow, i, kept_prefix, names, after))
                return
            if base in ("docker", "docker.exe"):
                return
        if base is None:
            return
        if (base in STORE_HEADS or (self.hook and base in ("echo", "printf"))) and store_command(
            self, cmd, i, flow
        ):
            return
        if base == "printenv":
            printenv_reads(self, words[i + 1 :], cmd.frag.container_key)
            return
        if cmd.heredoc is not None and reads_stdin_script(words, i):
            self.heredoc_script(cmd, flow, host_side=True, container_key=cmd.frag.container_key)
            command_hostnames(self, words[i:], cmd.frag.container_key)
            return
        script = executed_script(words, i)
        if script is not None:
            # the shell that runs the text expands it again: keep `$LINKS` as written (so
            # the links keep their `via`) unless a value holds shell syntax (`a && b`)
            if not any(u.src != 0 and u.text in _SYNTAX_CHARS for u in script.units):
                script = as_written(cmd, script)
            self.script(
                script,
                cmd,
                flow,
                host_side=True,
                container_key=cmd.frag.container_key,
                remote=base in _REMOTE,
            )
        command_hostnames(self, words[i:], cmd.frag.container_key)

    # -- scripts given to a shell ---------------------------------------------------------

    def script(
        self,
        script: Word,
        cmd: Command,
        flow: Flow,
        *,
        host_side: bool,
        container_key: str | None,
        remote: bool = False,
    ) -> None:
        """Read ``script`` as shell text run by another shell; ``remote``: on another
        host (``ssh``): unquoted, its commands are left alone by the fix writer."""
        text, table, quoting = word_fragment(script, self.host, host_side=host_side)
        if not text.strip():
            return
        frag = cmd.frag
        if remote and not quoting:
            # `ssh host docker run …`: what the fix would add (`||`, `;`) is read by this
            # shell, not the remote one
            quoting = "remote"
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
            order=cmd.order,
        )

    def heredoc_file(self, frag: Fragment, body: tuple[int, int, bool]) -> None:
        """A heredoc written to a file (``cat > config/database.yml <<EOF``): the env
        accessors of the language of that file (ERB, PHP, JavaScript) are reads."""
        from delink.sources.consumer import scan_heredoc

        bs, be, quoted = body
        start, end = frag.m(bs), frag.m.end(be)
        if start < end:
            scan_heredoc(self.facts, self.path, self.host, self.ctx, start, end, quoted)

    def heredoc_script(
        self, cmd: Command, flow: Flow, *, host_side: bool, container_key: str | None
    ) -> None:
        assert cmd.heredoc is not None
        bs, be, quoted = cmd.heredoc
        frag = cmd.frag
        outer = frag.outer if frag.outer is not None else cmd.site
        text: str = frag.text[bs:be]
        m: Mapper = Offset(frag.m, bs)
        if not quoted and not host_side:
            text, m = expanded_heredoc(frag.text, bs, be, frag.m)
        self.run(
            text,
            m,
            container_key=container_key,
            dialect="sh",
            depth=frag.depth + 1,
            quoting=frag.quoting,
            outer=outer,
            flow=flow if host_side else Flow(),
            order=cmd.order,
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

    def site_for_node(self, frag: Fragment, node: Node, bc: locate.ByteChars) -> StatementSite:
        if frag.outer is not None:
            return frag.outer
        stmt = locate.enclosing_statement(node)
        return self._site(frag, frag.m(bc(stmt.start_byte)))

    def block_site(self, cmd: Command) -> StatementSite:
        """Where a command must go to run before ``cmd`` whichever branch runs it: before
        the statement of its program (or function body) that holds it."""
        frag = cmd.frag
        if frag.outer is not None or cmd.node is None or cmd.bc is None:
            return cmd.site
        stmt = locate.block_statement(cmd.node)
        return self._site(frag, frag.m(cmd.bc(stmt.start_byte)))

    def _site_for_offsets(self, frag: Fragment, fs: int) -> StatementSite:
        return self._site(frag, frag.m(fs))


# -- module helpers ----------------------------------------------------------------------


def _writes_file(node: Node, word: str) -> bool:
    """``cat > f <<EOF`` / ``cat <<EOF >> f`` / ``tee f <<EOF``: the command writes its
    heredoc to a file (not to the terminal or a pipe)."""
    if word == "tee":
        return any(
            c.type == "word" and not (c.text or b"-").startswith(b"-")
            for c in node.children_by_field_name("argument")
        )
    parent = node.parent
    if parent is None or parent.type != "redirected_statement":
        return False
    todo = list(parent.children)
    while todo:
        c = todo.pop()
        if c.type == "file_redirect" and any(x.type in (">", ">>", ">|") for x in c.children):
            return True
        if c.type == "heredoc_redirect":
            todo += c.children
    return False


def _default(w: Word) -> str | None:
    """The static value of a word whose one expansion has a static default
    (``${IMAGE:-org/app}``, ``"$REG/${APP-app}"`` has none): what it is when unset."""
    out = []
    found = False
    for u in w.units:
        if u.kind == LIT:
            out.append(u.text)
            continue
        if found or u.kind != PARAM or u.prefix:
            return None
        op = u.op
        if op.startswith(":-"):
            value = op[2:]
        elif op.startswith("-"):
            value = op[1:]
        else:
            return None
        if not value or any(ch in value for ch in "$`\\'\"{}"):
            return None
        out.append(value)
        found = True
    return "".join(out) if found else None


def _display(host: str, w: Word) -> str:
    """Display text of a word whose expansions were resolved: read it again as written."""
    try:
        return parse_word(host, w.start, w.end, Shift(0), host).display
    except Unterminated:
        return w.display


def _inside_error(node: Node) -> bool:
    cur: Node | None = node
    while cur is not None:
        if cur.type == "ERROR":
            return True
        cur = cur.parent
    return False


@lru_cache(maxsize=4)
def _line_starts(text: str) -> list[int]:
    """Line start offsets of a host text, computed once for all its fragments (a
    Makefile's thousand recipe lines each used to scan the whole file again). Shared:
    callers only read it."""
    return [0, *(mt.end() for mt in _LINE_BREAK.finditer(text))]


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
    variables: Sequence[HostAssignment] = (),
    order: Order = TOP_LEVEL,
) -> Extractor:
    ex = Extractor(facts, src_text, path, ctx, newline=newline, hook=is_hook(path))
    ex.line_starts = _line_starts(src_text)
    flow = Flow()
    for a in variables:
        host_assignment(ex, a, flow, dialect)
    ex.run(fragment, m, container_key=container_key, dialect=dialect, flow=flow, order=order)
    return ex
