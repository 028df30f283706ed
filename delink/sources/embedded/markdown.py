"""Markdown: the code blocks of documentation, read as what they show.

Blocks are fenced (```` ``` ```` or ``~~~``, at any indentation, closed by a fence of the
same character at least as long) or indented (four spaces or a tab, after a blank line).
The indentation of a block is left out of what is read; offsets stay host offsets.

What a block is read as comes from its info string, else from its content:

* shell (``sh``, ``bash``, ``shell``, ``zsh``, ``console``, ``shell-session``,
  ``terminal``, or no info with a ``docker`` command): when lines carry prompts
  (``$ ``, ``% ``, ``❯ ``, ``host $ ``, ``user@host:~$ ``, ``[root@host ~]# ``, ``# docker``,
  ``unix> ``, ``> docker``)
  only prompt lines and their continuations (a trailing backslash, a ``> `` secondary
  prompt) are commands and the rest is output; otherwise every line is a command.
  Template placeholders (``%%IMAGE%%``) stay words. A line of bare options
  (``--expose 7000 -e REDIS_PORT_7000_TCP=…``) is read as the options of a
  ``docker run`` (a synthetic prefix that maps to no host character). Flags that
  follow a ``docker run``/``create`` whose last line lacks its continuation backslash
  are read as part of it, with a ``Problem`` saying so ("missing line continuation");
* Dockerfile (``dockerfile``, or content starting with ``FROM``): the Dockerfile
  source's reads (RUN/CMD scripts, pattern consumers), no image;
* Makefile, Groovy/Jenkinsfile and Ruby blocks go to those hosts;
* YAML: CI-shaped blocks go to the CI host; Compose-shaped ones to the Compose source
  when it offers ``extract_fragment(facts, src, fragment, omap, ctx)``, else (and for
  other YAML) to the consumer scanner;
* anything else (ERB, JavaScript, PHP, nginx, env files, unknown) goes to the consumer
  scanner with the profile of its info string (plain text when there is none).

Prose is never read: ``--link`` or ``DB_PORT_5432_TCP_ADDR`` in a sentence is a mention.
Plain-text documentation (``README``, ``INSTALL.txt``) is read the same way, and there a
docker command on a line of its own (with its continuation lines) is a command too.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from delink.facts import FileFacts, Statement
from delink.sources.embedded import (
    FragmentBuilder,
    HostSource,
    Line,
    problem,
    shell_fragment,
    split_lines,
)

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["SOURCE", "Block", "blocks", "command_lines", "placeholders_as_words", "read_document"]

LANGUAGE = "markdown"

_FENCE = re.compile(r"([ \t]*)(`{3,}|~{3,})[ \t]*([^\n]*)")
_SHELL_INFOS = frozenset(
    {
        "sh",
        "bash",
        "shell",
        "zsh",
        "ksh",
        "dash",
        "ash",
        "posix",
        "shellscript",
        "shell-script",
        "bash-script",
        "sh-script",
        "command",
        "commands",
        "cli",
    }
)
_CONSOLE_INFOS = frozenset(
    {
        "console",
        "shell-session",
        "shellsession",
        "sh-session",
        "bash-session",
        "terminal",
        "term",
        "session",
        "prompt",
    }
)
_DOCKERFILE_INFOS = frozenset({"dockerfile", "docker", "containerfile"})
_MAKE_INFOS = frozenset({"make", "makefile", "mk", "mak"})
_GROOVY_INFOS = frozenset({"groovy", "jenkinsfile", "jenkins", "gradle"})
_RUBY_INFOS = frozenset({"ruby", "rb", "rake", "rakefile", "vagrantfile", "capfile"})
_YAML_INFOS = frozenset({"yaml", "yml"})
# Blocks whose info says nothing of their content: read by what they hold, like a block
# without info (a ``[source,text]`` listing of a docker command or a Compose file).
_SNIFFED_INFOS = frozenset({"", "text", "txt", "plaintext", "plain", "none", "code", "example"})
# Windows shells: a docker command reads the same; a line ends in "`" (PowerShell) or
# "^" (cmd) where sh writes a backslash.
_WINDOWS_INFOS = frozenset(
    {"powershell", "ps", "ps1", "pwsh", "posh", "bat", "batch", "cmd", "dos", "doscon"}
)
_WINDOWS_CONTINUATION = re.compile(r"[`^][ \t]*$")
_CONSUMER_INFOS = {
    "erb": "erb",
    "eruby": "erb",
    "html+erb": "erb",
    "yaml+erb": "erb",
    "rhtml": "erb",
    "js": "javascript",
    "javascript": "javascript",
    "jsx": "javascript",
    "ts": "javascript",
    "typescript": "javascript",
    "tsx": "javascript",
    "node": "javascript",
    "json": "json",
    "php": "php",
    "go": "go",
    "golang": "go",
    "java": "java",
    "kotlin": "kotlin",
    "kt": "kotlin",
    "scala": "scala",
    "cs": "csharp",
    "csharp": "csharp",
    "rust": "rust",
    "rs": "rust",
    "perl": "perl",
    "pl": "perl",
    "python": "python",
    "py": "python",
    "python3": "python",
    "lua": "lua",
    "elixir": "elixir",
    "ex": "elixir",
    "env": "dotenv",
    "dotenv": "dotenv",
    "properties": "config",
    "ini": "config",
    "toml": "config",
    "conf": "config",
    "cfg": "config",
    "nginx": "config",
    "apache": "config",
    "apacheconf": "config",
    "vcl": "vcl",
    "varnish": "vcl",
    "jinja": "template",
    "jinja2": "template",
    "j2": "template",
    "handlebars": "template",
    "hbs": "template",
    "mustache": "template",
    "gotemplate": "template",
    "tmpl": "template",
    "xml": "config",
    "html": "docs",
    "output": "docs",
    "log": "docs",
}
# Prompts: a bare one ($, %, ❯), or after a host part that cannot be a command word
# (it holds @ : ~ - or is in brackets), "user@host:~#" / "[root@host ~]#" for root,
# "PS C:\\>" for PowerShell; in console blocks also a bare "#" before a command word.
_HOST = r"(?:\[[^\]\n]*\]|[\w.]*[@:~\-][\w.@:~/\\-]*)"
_COMMAND_WORD = (
    r"(?=[ \t]+(?:sudo|docker|podman|nerdctl|fig|docker-compose|apt-get|apt|yum|dnf|apk"
    r"|cd|export|curl|wget|systemctl|service|mkdir|git|make|ssh)\b)"
)
_PROMPT_BODY = (
    r"(?:\([\w.-]+\)[ \t]*)?(?:" + _HOST + r"[ \t]*)?[$%❯]"
    r"|\[[^\]\n]*\]#|[\w.-]+@[\w.-]+(?::[^#\s]*)?#"
    r"|PS[ \t]+[^>\n]*>"
    r"|(?:unix|shell|bash|sh|host|local|docker|cmd|C:\\?)>"  # unix> docker run …
    r"|>" + _COMMAND_WORD  # > docker run … (a prompt, not a secondary one)
)
_ROOT_HASH = r"|#" + _COMMAND_WORD
_PROMPT_STRICT = re.compile(r"(?P<p>[ \t]*(?:" + _PROMPT_BODY + r")[ \t]+)(?=\S)")
_PROMPT_CONSOLE = re.compile(r"(?P<p>[ \t]*(?:" + _PROMPT_BODY + _ROOT_HASH + r")[ \t]+)(?=\S)")
_PS2 = re.compile(r"[ \t]*>[ \t]+")
_DOCKER_CMD = re.compile(
    r"(?:^|[\s;&|(`])(?:sudo[ \t]+(?:-\S+[ \t]+)*)?(?:docker|podman|nerdctl)"
    r"(?:[ \t]+--?\S+(?:[ \t]+\S+)?)*?"
    r"[ \t]+(?:container[ \t]+)?(?:run|create)\b"
)
_SHELLISH = re.compile(
    r"^[ \t]*(?:sudo[ \t]+)?(?:docker(?:-compose)?|podman|nerdctl|fig)(?:[ \t]|$)"
    r"|^[ \t]*--?[A-Za-z]",
    re.MULTILINE,
)
_BARE_DOCKER = re.compile(r"[ \t]*(?:sudo[ \t]+)?(?:docker|podman|nerdctl)[ \t]")
# `$ cat docker-compose.yml` in a console block: the lines after it, up to the next
# prompt, are that file (a prompt may lack its blank: `$cat …`).
_CAT_YAML = re.compile(
    r"[ \t]*(?:[$#%>❯][ \t]*)?(?:cat|type|Get-Content|gc)[ \t]+\S+\.ya?ml[ \t]*$"
)
_DOCKERFILE_START = re.compile(r"(?:FROM|ARG)[ \t]+\S")
_YAML_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?[\w.\"'-]+:(?:[ \t]|$)")
_COMPOSE_SHAPE = re.compile(
    r"^[ \t]*(?:links|external_links|image|build|services|depends_on|volumes_from):",
    re.MULTILINE,
)


@dataclass
class Block:
    info: str  # the first word of the info string, lower case ("" for none)
    lines: list[Line]  # content lines, block indentation removed
    fenced: bool
    start: int  # host offset of the first content character (for Problems)
    end: int

    @classmethod
    def of(cls, info: str, content: list[Line], fenced: bool) -> Block | None:
        """A block of these content lines, or None when there are none."""
        if not content:
            return None
        return cls(info.lower(), content, fenced, content[0].start, content[-1].end)


def _cats_yaml(text: str) -> bool:
    """``$ cat docker-compose.yml`` (also ``$cat …``, ``PS C:\\app> type .\\x.yml``)."""
    m = _PROMPT_CONSOLE.match(text)
    return _CAT_YAML.match(text[m.end("p") :] if m else text) is not None


def _windows_as_sh(b: Block) -> Block:
    """The block with its Windows line continuations written as backslashes (the same
    length: every offset stays)."""
    lines = []
    for ln in b.lines:
        m = _WINDOWS_CONTINUATION.search(ln.text)
        if m is not None:
            text = ln.text[: m.start()] + "\\" + ln.text[m.start() + 1 :]
            ln = Line(text, ln.start, ln.end, ln.next)
        lines.append(ln)
    return Block(b.info, lines, b.fenced, b.start, b.end)


def _strip(line: Line, width: int) -> Line:
    """Remove up to ``width`` columns of indentation (a tab counts as the rest of a
    four-column stop)."""
    text = line.text
    i = 0
    col = 0
    while i < len(text) and col < width and text[i] in " \t":
        col = col + 4 - (col % 4) if text[i] == "\t" else col + 1
        i += 1
    return Line(text[i:], line.start + i, line.end, line.next)


def _info_word(info: str) -> str:
    info = info.strip().lstrip("{").strip()
    word = re.split(r"[\s,{}]", info, maxsplit=1)[0] if info else ""
    return word.lstrip(".").lower()


def _indent_width(text: str) -> int:
    col = 0
    for c in text:
        if c == " ":
            col += 1
        elif c == "\t":
            col = col + 4 - (col % 4)
        else:
            break
    return col


def blocks(lines: list[Line]) -> list[Block]:
    """Fenced and indented code blocks of a Markdown document."""
    out: list[Block] = []
    n = len(lines)
    i = 0
    # YAML front matter
    if n and lines[0].text.strip() == "---":
        for k in range(1, n):
            if lines[k].text.strip() in ("---", "..."):
                i = k + 1
                break
    prev_blank = True
    while i < n:
        line = lines[i]
        m = _FENCE.match(line.text)
        if m and not (m.group(2)[0] == "`" and "`" in m.group(3)):
            fence = m.group(2)
            width = _indent_width(m.group(1))
            content: list[Line] = []
            i += 1
            while i < n:
                t = lines[i].text
                s = t.lstrip(" \t")
                if s.startswith(fence[0] * len(fence)) and not s.strip(fence[0]).strip():
                    i += 1
                    break
                content.append(_strip(lines[i], width))
                i += 1
            if content:
                out.append(
                    Block(_info_word(m.group(3)), content, True, content[0].start, content[-1].end)
                )
            prev_blank = False
            continue
        if prev_blank and line.text.strip() and _indent_width(line.text) >= 4:
            content = []
            while i < n:
                t = lines[i].text
                if t.strip() and _indent_width(t) < 4:
                    break
                content.append(_strip(lines[i], 4))
                i += 1
            while content and not content[-1].text.strip():
                content.pop()
            if content:
                out.append(Block("", content, False, content[0].start, content[-1].end))
            prev_blank = True
            continue
        prev_blank = not line.text.strip()
        i += 1
    return out


def _continued(text: str) -> bool:
    s = text.rstrip(" \t")
    return (len(s) - len(s.rstrip("\\"))) % 2 == 1


def _prompt(console_info: bool) -> re.Pattern[str]:
    return _PROMPT_CONSOLE if console_info else _PROMPT_STRICT


def _is_prompt_block(lines: list[Line], console_info: bool = False) -> bool:
    pat = _prompt(console_info)
    return any(pat.match(ln.text) for ln in lines)


def command_lines(
    block_lines: list[Line], console: bool, console_info: bool = False
) -> list[list[Line]]:
    """The commands of a shell block: each a list of lines (prompt already removed
    from the first); output lines of a console block are left out."""
    prompt = _prompt(console_info)
    cmds: list[list[Line]] = []
    i = 0
    n = len(block_lines)
    while i < n:
        line = block_lines[i]
        i += 1
        if console:
            m = prompt.match(line.text)
            if m is None:
                continue
            k = m.end("p")
            line = Line(line.text[k:], line.start + k, line.end, line.next)
        elif not line.text.strip():
            continue
        cmd = [line]
        while i < n and (
            _continued(cmd[-1].text)
            or (
                console
                and _PS2.match(block_lines[i].text) is not None
                and not prompt.match(block_lines[i].text)
            )
        ):
            nxt = block_lines[i]
            if console and not _continued(cmd[-1].text):
                k = _PS2.match(nxt.text).end()  # type: ignore[union-attr]
                nxt = Line(nxt.text[k:], nxt.start + k, nxt.end, nxt.next)
            cmd.append(nxt)
            i += 1
        cmds.append(cmd)
    return cmds


class _Reader:
    def __init__(self, facts: FileFacts, src: SourceText, ctx: Context) -> None:
        self.facts = facts
        self.src = src
        self.ctx = ctx

    def block(self, b: Block) -> None:
        info = b.info
        if info in _CONSOLE_INFOS:
            self.shell(b, console=_is_prompt_block(b.lines, True), console_info=True)
        elif info in _SHELL_INFOS:
            self.shell(b, console=_is_prompt_block(b.lines))
        elif info in _DOCKERFILE_INFOS:
            first = next((ln.text for ln in b.lines if ln.text.strip()), "")
            if info == "docker" and _SHELLISH.match(first):
                self.shell(b, console=_is_prompt_block(b.lines))
            else:
                self.dockerfile(b)
        elif info in _MAKE_INFOS:
            from delink.sources.embedded.makefile import extract_lines

            extract_lines(self.facts, self.src, self.ctx, b.lines)
        elif info in _GROOVY_INFOS:
            from delink.sources.embedded.groovy import extract_range

            extract_range(self.facts, self.src, self.ctx, b.start, b.end)
        elif info in _RUBY_INFOS:
            from delink.sources.embedded.ruby import extract_range as ruby_range

            ruby_range(self.facts, self.src, self.ctx, b.start, b.end)
        elif info in _YAML_INFOS:
            self.yaml(b)
        elif info in _CONSUMER_INFOS:
            self.consumer(b, _CONSUMER_INFOS[info])
        elif info in _SNIFFED_INFOS:
            self.sniff(b)
        elif info in _WINDOWS_INFOS:
            self.sniff(_windows_as_sh(b))
        else:
            self.consumer(b, "text")

    def sniff(self, b: Block) -> None:
        first = next(
            (ln.text for ln in b.lines if ln.text.strip() and not ln.text.lstrip().startswith("#")),
            "",
        )
        if _cats_yaml(first) and not _is_prompt_block(b.lines, True):
            self.cat_outputs(b)  # `$cat docker-compose.yml`: no prompt the shell reader sees
            return
        if _DOCKERFILE_START.match(first):
            self.dockerfile(b)
            return
        if _is_prompt_block(b.lines, True) and not any(
            _BARE_DOCKER.match(ln.text) for ln in b.lines
        ):
            # every docker command has a prompt: `# docker run …` is a root prompt too
            self.shell(b, console=True, console_info=True)
            return
        if _is_prompt_block(b.lines):
            self.shell(b, console=True)
            return
        text = "\n".join(ln.text for ln in b.lines)
        if _YAML_KEY.match(first) and sum(1 for ln in b.lines if _YAML_KEY.match(ln.text)) >= 2:
            self.yaml(b)
            return
        if "<%" in text:
            self.consumer(b, "erb")
            return
        if _SHELLISH.search(text):
            self.shell(b, console=False)
            return
        self.consumer(b, "text")

    # -- readers ---------------------------------------------------------------------------

    def consumer(self, b: Block, profile: str) -> None:
        from delink.sources.consumer import profile_named, scan

        scan(self.facts, self.src, self.ctx, profile_named(profile), b.start, b.end)

    def dockerfile(self, b: Block) -> None:
        from delink.sources.dockerfile import extract_lines

        extract_lines(self.facts, self.src, self.ctx, b.lines, image=False)

    def fragment_of(self, b: Block) -> tuple[str, FragmentBuilder]:
        fb = FragmentBuilder()
        for ln in b.lines:
            fb.add(ln.start, ln.text)
            fb.newline(ln)
        return fb.text, fb

    def yaml(self, b: Block) -> None:
        text, fb = self.fragment_of(b)
        fragment, omap = fb.build(b.lines[-1].end)
        from delink.sources.embedded.ciyaml import extract_fragment as ci_fragment
        from delink.sources.embedded.ciyaml import looks_like_ci

        if looks_like_ci(text) and not _COMPOSE_SHAPE.search(text):
            ci_fragment(self.facts, self.src, fragment, omap, self.ctx)
            return
        if _COMPOSE_SHAPE.search(text):
            handoff = _compose_handoff()
            if handoff is not None:
                handoff(self.facts, self.src, fragment, omap, self.ctx)
                return
        self.consumer(b, "erb" if "<%" in text else "yaml")

    def cat_outputs(self, b: Block) -> None:
        """Read the output of each ``cat file.yml`` of a console block as that file."""
        lines = b.lines
        i = 0
        while i < len(lines):
            if not _cats_yaml(lines[i].text):
                i += 1
                continue
            i += 1
            content: list[Line] = []
            while i < len(lines) and not (
                _PROMPT_CONSOLE.match(lines[i].text) or _cats_yaml(lines[i].text)
            ):
                content.append(lines[i])
                i += 1
            while content and not content[-1].text.strip():
                content.pop()
            out = Block.of("yaml", content, b.fenced)
            if out is not None:
                self.yaml(out)

    def shell(self, b: Block, console: bool, console_info: bool = False) -> None:
        if console:
            self.cat_outputs(b)
        if console and not b.fenced:
            cmds = self.indented_commands(b, console_info)
        else:
            cmds = command_lines(b.lines, console, console_info)
        if not cmds:
            return
        fb = FragmentBuilder()
        used: set[int] = set()
        for cmd in cmds:
            for ln in cmd:
                used.add(ln.start)
        k = 0
        while k < len(cmds):
            cmd = cmds[k]
            k += 1
            first = cmd[0].text.lstrip(" \t")
            if first.startswith("-") and not _DOCKER_CMD.search(first) and len(first) > 1:
                fb.synth("docker run ")
            for j, ln in enumerate(cmd):
                fb.add(ln.start, placeholders_as_words(ln.text))
                if j < len(cmd) - 1:
                    fb.newline(ln)
            joined = "\n".join(ln.text for ln in cmd)
            last = cmd[-1]
            if _DOCKER_CMD.search(joined) and not _continued(last.text):
                extra = self.missing_continuation(b, last, used)
                if extra:
                    problem(
                        self.facts,
                        self.src.path,
                        last.end,
                        last.end,
                        "missing line continuation: the options on the next lines are read "
                        "as part of this docker command (add a trailing backslash)",
                    )
                    for ln in extra:
                        # the missing backslash: the line break becomes a blank
                        fb.put("\n" if _continued(last.text) else " ", last.end)
                        fb.add(ln.start, placeholders_as_words(ln.text))
                        last = ln
                        used.add(ln.start)
                    # a following command that consists of these lines is consumed
                    while k < len(cmds) and cmds[k][0].start in {ln.start for ln in extra}:
                        k += 1
            fb.newline(last)
        fragment, omap = fb.build()
        shell_fragment(self.facts, self.src, fragment, omap, self.ctx)

    @staticmethod
    def indented_commands(b: Block, console_info: bool) -> list[list[Line]]:
        """An indented block can hold several examples separated by blank lines (one
        block for CommonMark): a part without prompts is read as commands when it
        starts like one (``docker run …``), else as the output of the part before."""
        parts: list[list[Line]] = [[]]
        for ln in b.lines:
            if ln.text.strip():
                parts[-1].append(ln)
            elif parts[-1]:
                parts.append([])
        cmds: list[list[Line]] = []
        for part in parts:
            if not part:
                continue
            if _is_prompt_block(part, console_info):
                cmds += command_lines(part, True, console_info)
            elif _SHELLISH.match(part[0].text):
                cmds += command_lines(part, False, console_info)
        return cmds

    @staticmethod
    def missing_continuation(b: Block, last: Line, used: set[int]) -> list[Line]:
        """Option lines right after a docker command that lacks its trailing backslash:
        lines starting with ``-`` and the continuation lines that follow them."""
        lines = b.lines
        idx = next((i for i, ln in enumerate(lines) if ln.start >= last.start), len(lines))
        # ``last`` may be a prompt-stripped copy; find the block line that holds it
        while idx < len(lines) and lines[idx].end != last.end:
            idx += 1
        out: list[Line] = []
        i = idx + 1
        prev_continued = False
        while i < len(lines):
            ln = lines[i]
            s = ln.text.lstrip(" \t")
            if not s or _PROMPT_CONSOLE.match(ln.text):
                break
            if not (s.startswith("-") or prev_continued):
                break
            out.append(ln)
            prev_continued = _continued(ln.text)
            i += 1
        return out if any(ln.text.lstrip().startswith("-") for ln in out) else []


_PLACEHOLDER = re.compile(r"(?<![<\w])<([A-Za-z](?:[\w.:/ -]*[\w.])?)>(?![>&])")


def placeholders_as_words(text: str) -> str:
    """Documentation placeholders (``-e KEY <secret-key>``, ``-p <port>:80``) as quoted
    words of the same length (``'secret-key'``), not redirections."""
    if "<" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: "'" + m.group(1) + "'", text)


def _compose_handoff() -> Callable[..., None] | None:
    try:
        module = importlib.import_module("delink.sources.compose")
    except ImportError:
        return None
    fn = getattr(module, "extract_fragment", None)
    return fn if callable(fn) else None


_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_INLINE_COMMAND = re.compile(
    r"[ \t]*(?:\$[ \t]+)?(?:sudo[ \t]+)?(?:docker|podman|nerdctl)[ \t]"
    r"(?:[^`]*[ \t])?(?:run|create|connect)[ \t][^`]*-link"
)


def inline_commands(lines: list[Line], code: list[Block]) -> list[tuple[int, str]]:
    """Docker commands with a link in inline code spans of prose (`` `docker run …
    --link db:db app` `` in a list item): (host offset, command text), a leading ``$ ``
    prompt left out."""
    taken = [(b.start, b.end) for b in code]
    out: list[tuple[int, str]] = []
    k = 0
    for line in lines:
        if "`" not in line.text or "link" not in line.text:
            continue
        while k < len(taken) and taken[k][1] < line.start:
            k += 1
        if k < len(taken) and taken[k][0] <= line.start <= taken[k][1]:
            continue
        for m in _INLINE_CODE.finditer(line.text):
            body = m.group(2)
            if not _INLINE_COMMAND.match(body):
                continue
            prompt = re.match(r"[ \t]*(?:\$[ \t]+)?", body)
            skip = prompt.end() if prompt else 0
            out.append((line.start + m.start(2) + skip, body[skip:]))
    return out


def read_document(
    facts: FileFacts, src: SourceText, ctx: Context, lines: list[Line], code: list[Block]
) -> None:
    """Read the code blocks of a document (Markdown, reStructuredText, AsciiDoc) and the
    docker commands in its inline code."""
    reader = _Reader(facts, src, ctx)
    for b in code:
        facts.statements.append(Statement(b.start, b.end))
        reader.block(b)
    for at, command in inline_commands(lines, code):
        fb = FragmentBuilder()
        fb.add(at, placeholders_as_words(command))
        fragment, omap = fb.build()
        shell_fragment(facts, src, fragment, omap, ctx)


_BARE_COMMAND = re.compile(
    r"[ \t]*(?:\$[ \t]*)?(?:sudo[ \t]+)?(?:docker|podman|nerdctl)[ \t]+[a-z][\w-]*(?:[ \t]|$)"
)
_MARKDOWN_NAME = re.compile(r"\.(?:md|markdown|mdown|mkd)$", re.IGNORECASE)


def bare_commands(lines: list[Line], code: list[Block]) -> list[Block]:
    """Docker commands on lines of their own outside code blocks (plain-text
    documentation), each with its continuation lines; a ``$`` prompt is kept for the
    console reader to remove."""
    taken = {ln.start for b in code for ln in b.lines}
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.start in taken or not _BARE_COMMAND.match(line.text):
            continue
        cmd = [line]
        while _continued(cmd[-1].text) and i < len(lines) and lines[i].start not in taken:
            cmd.append(lines[i])
            i += 1
        console = line.text.lstrip(" \t").startswith("$")
        b = Block.of("console" if console else "sh", cmd, False)
        if b is not None:
            b.fenced = True  # one command: no indented-block parts to split
            out.append(b)
    return out


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    lines = split_lines(src.text)
    code = blocks(lines)
    if not _MARKDOWN_NAME.search(src.path):
        code = sorted(code + bare_commands(lines, code), key=lambda b: b.start)
    read_document(facts, src, ctx, lines, code)


# Markdown always parses: validate reports a code block that parsed before (as shell,
# YAML, …) and no longer does.
SOURCE = HostSource(LANGUAGE, _extract)
