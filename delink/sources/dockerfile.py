"""Dockerfiles: what an image gives the containers that run it, and the shell it runs.

Parsing follows BuildKit's rules: parser directives at the top (``# escape=`` picks
``\\`` or a backtick as the line-continuation character), comments and empty lines
dropped (also inside a continued instruction), continuation lines joined, heredocs
(``RUN <<EOF``, ``<<-EOF``, quoted delimiters, several per instruction) and the JSON
(exec) form of ``RUN``/``CMD``/``ENTRYPOINT``/``SHELL``/``COPY``.

Facts:

* :class:`~delink.facts.ImageConfig` for the final stage: the build context (the
  Dockerfile's directory), ``EXPOSE`` ports (``ARG``/``ENV`` defaults substituted),
  ``ENV`` pairs (``ENV K=V K2="V 2"`` and the legacy ``ENV K V``), and ``scripts``:
  the context files that ``ENTRYPOINT``/``CMD`` run, found through ``COPY``/``ADD``
  (``COPY entrypoint.sh /usr/local/bin/`` + ``ENTRYPOINT ["docker-entrypoint.sh"]``);
  stages inherit from the stages they are built ``FROM``;
* shell-form ``RUN``/``CMD``/``ENTRYPOINT``, ``sh -c`` scripts of the exec form, RUN
  heredoc scripts and shell scripts written with ``COPY <<EOF`` go through the shell
  source (their reads belong to the containers running the image, so no container key);
* a command that consumes every link variable by pattern (``env | grep _TCP= | sed …``)
  is an :class:`~delink.facts.EnvRead` named ``*_PORT_*_TCP`` with ``pattern=True``;
* an ``ENV`` whose name is an unambiguous link var is an :class:`~delink.facts.EnvSet`;
  a link var an ``ENV`` value expands (``ENV URI pg://$DB_PORT_5432_TCP_ADDR/db``) is an
  :class:`~delink.facts.EnvRead`.

:func:`extract_lines` is the entry point for Dockerfiles embedded in other files
(a Markdown code block): it reads host lines and reports reads, without an image.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import EnvRead, EnvSet, FileFacts, ImageConfig, Statement
from delink.model import dockerfile_expose, is_unambiguous_link_var
from delink.sources.embedded import (
    FragmentBuilder,
    HostSource,
    Line,
    problem,
    shell_fragment,
    split_lines,
)
from delink.text import OffsetMap

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["SOURCE", "Instruction", "extract_lines", "parse"]

LANGUAGE = "dockerfile"

_DIRECTIVE = re.compile(r"#[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*(\S*)[ \t]*\Z")
_INSTRUCTION = re.compile(r"[ \t]*([A-Za-z][A-Za-z0-9]*)(?=[ \t]|\Z)[ \t]*")
_HEREDOC = re.compile(r"<<(-?)[ \t]*([\"']?)([A-Za-z_][A-Za-z0-9_.-]*)\2")
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"})
_PATH_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
# env | grep _TCP= | sed …  /  printenv | awk …  /  export -p | grep …
_ENV_DUMP = re.compile(r"(?<![\w-])(?:env|printenv|export[ \t]+-p|set)[ \t]*\|")
_SCRIPT_EXT = re.compile(r"\.(?:sh|bash|py|rb|js|mjs|pl|php|ts)\Z")
_SHEBANG_SHELL = re.compile(r"\b(?:ba|da|a|k|z|mk)?sh\b")
_VAR_REF = re.compile(r"\$\{?(?P<name>[A-Za-z_][A-Za-z0-9_]*)")
_PATTERN_MENTION = re.compile(r"_PORT_[^\s'\"|]*?_TCP|_TCP\b|_PORT_|_ENV_")


@dataclass
class Heredoc:
    name: str
    strip_tabs: bool
    quoted: bool
    lines: list[Line]  # the body, without the terminator line
    end: int  # host offset after the terminator line


@dataclass
class Instruction:
    keyword: str  # upper case
    start: int  # host offset of the keyword
    end: int  # host offset after the last argument character (heredocs excluded)
    args: str  # continuation lines joined, escape + newline removed
    amap: OffsetMap  # args offsets -> host offsets
    heredocs: list[Heredoc] = field(default_factory=list)

    @property
    def json_args(self) -> list[tuple[str, OffsetMap]] | None:
        """The exec form: each element with its host offsets, or None (shell form)."""
        return _json_array(self.args, self.amap)


def _directives(lines: list[Line]) -> tuple[str, int]:
    """The escape character and the index of the first line after the directives."""
    escape = "\\"
    i = 0
    seen: set[str] = set()
    while i < len(lines):
        m = _DIRECTIVE.match(lines[i].text)
        if m is None:
            break
        key = m.group(1).lower()
        if key in seen:
            break
        seen.add(key)
        if key == "escape" and m.group(2) in ("\\", "`"):
            escape = m.group(2)
        i += 1
    return escape, i


def _is_comment(text: str) -> bool:
    return text.lstrip(" \t").startswith("#")


def parse(lines: list[Line]) -> list[Instruction]:
    """Instructions of a Dockerfile given as host lines."""
    escape, i = _directives(lines)
    out: list[Instruction] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        i += 1
        if not line.text.strip() or _is_comment(line.text):
            continue
        m = _INSTRUCTION.match(line.text)
        if m is None:
            continue
        keyword = m.group(1).upper()
        b = FragmentBuilder()
        seg_start = line.start + m.end()
        seg_text = line.text[m.end() :]
        end = line.end
        while True:
            stripped = seg_text.rstrip(" \t")
            if stripped.endswith(escape):
                b.add(seg_start, stripped[: -len(escape)])
                # next non-comment line continues the instruction
                while i < n and (_is_comment(lines[i].text) or not lines[i].text.strip()):
                    i += 1
                if i >= n:
                    end = seg_start + len(stripped) - 1
                    break
                nxt = lines[i]
                i += 1
                seg_start, seg_text = nxt.start, nxt.text
                end = nxt.end
                continue
            b.add(seg_start, seg_text)
            end = seg_start + len(seg_text)
            break
        args, amap = b.build(end)
        indent = len(line.text) - len(line.text.lstrip(" \t"))
        ins = Instruction(keyword, line.start + indent, end, args, amap)
        if keyword in ("RUN", "COPY", "ADD") and "<<" in args:
            for hm in _HEREDOC.finditer(args):
                body: list[Line] = []
                name = hm.group(3)
                strip_tabs = hm.group(1) == "-"
                stop = lines[i - 1].next if i > 0 else 0
                while i < n:
                    cand = lines[i]
                    i += 1
                    check = cand.text.lstrip("\t") if strip_tabs else cand.text
                    if check == name:
                        stop = cand.next
                        break
                    body.append(cand)
                    stop = cand.next
                ins.heredocs.append(Heredoc(name, strip_tabs, bool(hm.group(2)), body, stop))
        out.append(ins)
    return out


def _json_array(args: str, amap: OffsetMap) -> list[tuple[str, OffsetMap]] | None:
    text = args.strip()
    if not text.startswith("[") or not text.endswith("]"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        return None
    out: list[tuple[str, OffsetMap]] = []
    pos = args.index("[") + 1
    n = len(args)
    while pos < n:
        q = args.find('"', pos)
        if q < 0:
            break
        b = FragmentBuilder()
        pos = q + 1
        while pos < n and args[pos] != '"':
            c = args[pos]
            if c == "\\" and pos + 1 < n:
                e = args[pos + 1]
                if e == "u" and pos + 5 < n:
                    b.put(chr(int(args[pos + 2 : pos + 6], 16)), amap(pos))
                    pos += 6
                    continue
                rep = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(e, e)
                b.put(rep, amap(pos))
                pos += 2
                continue
            b.put(c, amap(pos))
            pos += 1
        out.append(b.build(amap.end(pos)))
        pos += 1
    if [t for t, _ in out] != value:
        return None
    return out


def _sub_instruction(ins: Instruction, keyword: str, at: int) -> Instruction:
    """The instruction written inside another one's arguments from ``at`` on."""
    while at < len(ins.args) and ins.args[at] in " \t":
        at += 1
    amap = OffsetMap(ins.amap.host[at:])
    return Instruction(keyword, ins.amap(at), ins.end, ins.args[at:], amap)


def _words(args: str) -> list[tuple[str, int, int]]:
    """Shell-like words of a shell-form argument string: (text, start, end) in ``args``
    (quotes removed, backslash escapes kept simple)."""
    out: list[tuple[str, int, int]] = []
    i = 0
    n = len(args)
    while i < n:
        while i < n and args[i] in " \t\r\n":
            i += 1
        if i >= n:
            break
        start = i
        buf: list[str] = []
        while i < n and args[i] not in " \t\r\n":
            c = args[i]
            if c in "\"'":
                close = args.find(c, i + 1)
                if close < 0:
                    close = n
                buf.append(args[i + 1 : close])
                i = close + 1
            elif c == "\\" and i + 1 < n:
                buf.append(args[i + 1])
                i += 2
            else:
                buf.append(c)
                i += 1
        out.append(("".join(buf), start, min(i, n)))
    return out


@dataclass
class _Stage:
    name: str | None
    ports: list[str] = field(default_factory=list)
    env: list[tuple[str, str]] = field(default_factory=list)
    args: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # image path -> context path
    dirs: dict[str, str] = field(default_factory=dict)  # image dir -> context dir
    workdir: str = "/"
    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)
    shell_ok: bool = True  # SHELL is a POSIX shell

    def inherit(self, name: str | None) -> _Stage:
        return _Stage(
            name,
            list(self.ports),
            list(self.env),
            dict(self.args),
            dict(self.files),
            dict(self.dirs),
            self.workdir,
            list(self.entrypoint),
            list(self.cmd),
            self.shell_ok,
        )


class _Reader:
    def __init__(self, facts: FileFacts, src: SourceText, ctx: Context, *, image: bool) -> None:
        self.facts = facts
        self.src = src
        self.ctx = ctx
        self.image = image
        self.stages: list[_Stage] = []
        self.global_args: dict[str, str] = {}

    @property
    def stage(self) -> _Stage:
        if not self.stages:
            self.stages.append(_Stage(None))
        return self.stages[-1]

    def substitute(self, text: str) -> str:
        values = dict(self.global_args)
        values.update(self.stage.args)
        values.update(self.stage.env)

        def repl(m: re.Match[str]) -> str:
            name = m.group(1) or m.group(3)
            if name in values:
                return values[name]
            if m.group(2) is not None:
                return m.group(2)
            return m.group(0)

        return _VAR.sub(repl, text)

    def run(self, instructions: list[Instruction]) -> None:
        for ins in instructions:
            end = ins.heredocs[-1].end if ins.heredocs else ins.end
            self.facts.statements.append(Statement(ins.start, end))
            handler = getattr(self, "do_" + ins.keyword.lower(), None)
            if handler is not None:
                handler(ins)

    # -- instructions ---------------------------------------------------------------------

    def do_arg(self, ins: Instruction) -> None:
        for word, _, _ in _words(ins.args):
            name, sep, default = word.partition("=")
            target = self.global_args if not self.stages else self.stage.args
            if sep:
                target[name] = default
            elif name in self.global_args and self.stages:
                self.stage.args[name] = self.global_args[name]

    def do_from(self, ins: Instruction) -> None:
        words = [w for w, _, _ in _words(ins.args) if not w.startswith("--")]
        base = words[0] if words else ""
        name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
        parent = next((s for s in reversed(self.stages) if s.name and s.name == base.lower()), None)
        self.stages.append(parent.inherit(name) if parent is not None else _Stage(name))

    def do_expose(self, ins: Instruction) -> None:
        value = self.substitute(ins.args)
        try:
            ports = dockerfile_expose(value)
        except ValueError as exc:
            if self.image:
                problem(self.facts, self.src.path, ins.start, ins.end, f"EXPOSE not read: {exc}")
            return
        for p in ports:
            if p not in self.stage.ports:
                self.stage.ports.append(p)

    def do_env(self, ins: Instruction) -> None:
        args = ins.args
        words = _words(args)
        if not words:
            return
        pairs: list[tuple[str, str, int, int]] = []
        first_raw = args[words[0][1] : words[0][2]]
        if "=" not in first_raw.split('"')[0].split("'")[0]:
            # legacy ENV NAME value with spaces
            name, s, e = words[0]
            rest = args[e:].strip(" \t")
            value = "".join(w for w, _, _ in _words(rest)) if len(_words(rest)) == 1 else rest
            pairs.append((name, value, s, s + len(name)))
        else:
            for word, s, _ in words:
                name, sep, value = word.partition("=")
                if sep:
                    pairs.append((name, value, s, s + len(name)))
        for name, value, s, e in pairs:
            self.stage.env = [(k, v) for k, v in self.stage.env if k != name]
            self.stage.env.append((name, self.substitute(value)))
            if is_unambiguous_link_var(name) and args[s:e] == name:
                start = ins.amap(s)
                span = Span(self.src.path, start, ins.amap.end(e))
                self.facts.env_sets.append(EnvSet(name, span))
        # ``ENV URI postgres://$DB_PORT_5432_TCP_ADDR/db``: a read of the link var (at build
        # time, where no link exists, so the value is empty: still the image's dependency)
        for m in _VAR_REF.finditer(args):
            name = m.group("name")
            if is_unambiguous_link_var(name):
                start = ins.amap(m.start("name"))
                span = Span(self.src.path, start, ins.amap.end(m.end("name")))
                self.facts.reads.append(EnvRead(name, span, LANGUAGE))

    def do_workdir(self, ins: Instruction) -> None:
        path = self.substitute(ins.args.strip().strip("\"'"))
        self.stage.workdir = posixpath.normpath(posixpath.join(self.stage.workdir, path))

    def do_shell(self, ins: Instruction) -> None:
        arr = ins.json_args
        if arr:
            exe = posixpath.basename(arr[0][0]).lower()
            self.stage.shell_ok = exe in _SHELLS

    def do_copy(self, ins: Instruction) -> None:
        arr = ins.json_args
        words = [t for t, _ in arr] if arr is not None else [w for w, _, _ in _words(ins.args)]
        if any(w.startswith("--from") for w in words):
            return
        words = [w for w in words if not w.startswith("--")]
        if len(words) < 2:
            return
        *sources, dest = words
        dest = self.substitute(dest)
        if not dest.startswith("/"):
            dest = posixpath.join(self.stage.workdir, dest)
        heredoc_names = {h.name for h in ins.heredocs}
        as_dir = dest.endswith("/") or len(sources) > 1
        dest_norm = posixpath.normpath(dest)
        for raw in sources:
            if raw.startswith("<<"):
                name = raw.lstrip("<-\"'").rstrip("\"'")
                if name in heredoc_names:
                    self.heredoc_file(ins, name, dest_norm)
                continue
            srcpath = self.substitute(raw)
            if "://" in srcpath or any(c in srcpath for c in "*?["):
                continue
            srcpath = posixpath.normpath(srcpath.lstrip("/")) if srcpath not in (".", "./") else "."
            base = posixpath.basename(srcpath)
            if srcpath == "." or raw.endswith("/"):
                self.stage.dirs[dest_norm] = srcpath
                continue
            target = posixpath.join(dest_norm, base) if as_dir else dest_norm
            self.stage.files[target] = srcpath
            # COPY x.sh /usr/local/bin (no slash): a file named bin, or x.sh in the dir
            if not as_dir:
                self.stage.files.setdefault(posixpath.join(dest_norm, base), srcpath)
            # COPY dir /app: a directory copy when the source has no extension
            if "." not in base:
                self.stage.dirs.setdefault(dest_norm, srcpath)

    do_add = do_copy

    def heredoc_file(self, ins: Instruction, name: str, dest: str) -> None:
        doc = next(h for h in ins.heredocs if h.name == name)
        if not doc.lines:
            return
        first = doc.lines[0].text
        if dest.endswith(".sh") or (first.startswith("#!") and _SHEBANG_SHELL.search(first)):
            self.heredoc_script(doc)

    def heredoc_script(self, doc: Heredoc) -> None:
        b = FragmentBuilder()
        for ln in doc.lines:
            text = ln.text
            start = ln.start
            if doc.strip_tabs:
                k = len(text) - len(text.lstrip("\t"))
                text, start = text[k:], start + k
            b.add(start, text)
            b.newline(ln)
        end = doc.lines[-1].next if doc.lines else 0
        frag, omap = b.build(end)
        self.shell(frag, omap)

    def do_run(self, ins: Instruction) -> None:
        if ins.heredocs:
            self.run_heredocs(ins)
            return
        self.command(ins)

    def run_heredocs(self, ins: Instruction) -> None:
        """``RUN <<EOF`` (the body is the script), ``RUN bash <<EOF`` (same), or
        ``RUN python3 <<EOF`` (a command with data on stdin: the line is the script)."""
        head = _HEREDOC.sub(" ", ins.args).strip()
        words = [w for w, _, _ in _words(head)]
        exe = posixpath.basename(words[0]) if words else ""
        if not words or (exe in _SHELLS and all(w.startswith("-") for w in words[1:])):
            for doc in ins.heredocs:
                self.heredoc_script(doc)
            return
        # the command line and its heredocs, as the shell would see them
        b = FragmentBuilder()
        b.put_each(ins.args, ins.amap)
        for doc in ins.heredocs:
            b.put("\n", ins.amap.end(len(ins.args)))
            for ln in doc.lines:
                b.add(ln.start, ln.text)
                b.newline(ln)
            b.synth(doc.name)
        frag, omap = b.build(ins.heredocs[-1].end if ins.heredocs else ins.end)
        if self.stage.shell_ok:
            self.shell(frag, omap)

    def do_healthcheck(self, ins: Instruction) -> None:
        """``HEALTHCHECK [--interval=…] CMD …``: the check runs in the container."""
        m = re.search(r"(?:^|[ \t])CMD(?=[ \t])", ins.args, re.IGNORECASE)
        if m is not None:
            self.command(_sub_instruction(ins, "CMD", m.end()))

    def do_onbuild(self, ins: Instruction) -> None:
        """``ONBUILD RUN …``: the trigger runs in images built from this one."""
        m = _INSTRUCTION.match(ins.args)
        if m is not None and m.group(1).upper() in ("RUN", "CMD", "ENTRYPOINT"):
            self.command(_sub_instruction(ins, m.group(1).upper(), m.end()))

    def do_cmd(self, ins: Instruction) -> None:
        self.stage.cmd = self.argv(ins)
        self.command(ins)

    def do_entrypoint(self, ins: Instruction) -> None:
        self.stage.entrypoint = self.argv(ins)
        self.command(ins)

    def argv(self, ins: Instruction) -> list[str]:
        arr = ins.json_args
        if arr is not None:
            return [t for t, _ in arr]
        return [w for w, _, _ in _words(re.sub(r"[;&|()]", " ", ins.args))]

    def command(self, ins: Instruction) -> None:
        """Shell form: the arguments are a script. Exec form: ``sh -c SCRIPT`` runs
        the script; other argv is read as a command line."""
        arr = ins.json_args
        if arr is None:
            if self.stage.shell_ok:
                self.shell(ins.args, ins.amap)
            return
        names = [t for t, _ in arr]
        if names and posixpath.basename(names[0]) in _SHELLS:
            for k in range(1, len(names) - 1):
                if names[k] == "-c" or (names[k].startswith("-") and names[k].endswith("c")):
                    self.shell(*arr[k + 1])
                    return
        from delink.sources.embedded.argv import add_argv_word

        b = FragmentBuilder()
        for k, (text, omap) in enumerate(arr):
            if k:
                b.synth(" ")
            add_argv_word(b, [(text, omap, False)])
        frag, omap = b.build(ins.end)
        self.shell(frag, omap)

    def shell(self, fragment: str, omap: OffsetMap) -> None:
        if not fragment.strip():
            return
        self.pattern_read(fragment, omap)
        shell_fragment(self.facts, self.src, fragment, omap, self.ctx)

    def pattern_read(self, fragment: str, omap: OffsetMap) -> None:
        m = _ENV_DUMP.search(fragment)
        if m is None:
            return
        hit = _PATTERN_MENTION.search(fragment, m.end())
        if hit is None:
            return
        name = "*_ENV_*" if hit.group().startswith("_ENV_") else "*_PORT_*_TCP"
        self.facts.reads.append(
            EnvRead(
                name,
                Span(self.src.path, omap(hit.start()), omap.end(hit.end())),
                LANGUAGE,
                pattern=True,
            )
        )

    # -- the image ------------------------------------------------------------------------

    def image_config(self, context: str) -> ImageConfig | None:
        if not self.stages:
            return None
        st = self.stages[-1]
        scripts: list[str] = []
        for word in [*st.entrypoint, *st.cmd]:
            found = self.resolve(st, word)
            if found is not None:
                rel = found if context == "." else posixpath.join(context, found)
                rel = posixpath.normpath(rel)
                if rel not in scripts:
                    scripts.append(rel)
        return ImageConfig(
            context=context,
            path=self.src.path,
            ports=tuple(st.ports),
            env=tuple(st.env),
            scripts=tuple(scripts),
        )

    @staticmethod
    def resolve(st: _Stage, word: str) -> str | None:
        if not word or word.startswith("-") or "=" in word or "$" in word:
            return None
        candidates: list[str] = []
        if word.startswith("/"):
            candidates.append(posixpath.normpath(word))
        elif "/" in word:
            candidates.append(posixpath.normpath(posixpath.join(st.workdir, word)))
        else:
            candidates.append(posixpath.join(st.workdir, word))
            candidates.extend(posixpath.join(d, word) for d in _PATH_DIRS)
        for path in candidates:
            if path in st.files:
                return st.files[path]
        if "/" not in word and not _SCRIPT_EXT.search(word):
            return None  # a command name (bundle, puma), not a file of a copied directory
        for path in candidates:
            best = ""
            for d in st.dirs:
                root = d.rstrip("/") + "/" if d != "/" else "/"
                if path.startswith(root) and len(d) > len(best):
                    best = d
            if best:
                root = best.rstrip("/") + "/" if best != "/" else "/"
                rel = path[len(root) :]
                base = st.dirs[best]
                return posixpath.normpath(posixpath.join(base, rel)) if base != "." else rel
        return None


def extract_lines(
    facts: FileFacts, src: SourceText, ctx: Context, lines: list[Line], *, image: bool = False
) -> None:
    """Read a Dockerfile given as host lines (a whole file, or a code block in another
    file); with ``image`` the final stage's :class:`ImageConfig` is added too."""
    reader = _Reader(facts, src, ctx, image=image)
    reader.run(parse(lines))
    if image:
        context = posixpath.dirname(src.path.replace("\\", "/")) or "."
        cfg = reader.image_config(context)
        if cfg is not None:
            facts.image_configs.append(cfg)


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    extract_lines(facts, src, ctx, split_lines(src.text), image=True)


# No Dockerfile syntax check of its own: validate reports a shell fragment (RUN, CMD,
# ENTRYPOINT) that parsed before and no longer does.
SOURCE = HostSource(LANGUAGE, _extract)
