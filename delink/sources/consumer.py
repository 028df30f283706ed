"""Consumers: link env var reads in languages delink does not parse fully.

One regex pass per file finds the places where a link-shaped name is written
(``_PORT``, ``_NAME``, ``_ENV_`` markers); only those few candidates are looked at
further. A candidate is a **read** when the text right before it is an env accessor of
some language or a template placeholder:

===================== ============================================================
JavaScript/TypeScript ``process.env.X``, ``process.env['X']``, ``const { X } = process.env``
Ruby / ERB            ``ENV['X']``, ``ENV["X"]``, ``ENV.fetch('X', …)``, ``<%= ENV… %>``
PHP                   ``getenv('X')``, ``$_ENV['X']``, ``$_SERVER['X']``, ``env('X')``
Go                    ``os.Getenv("X")``, ``os.LookupEnv("X")``
Java/Kotlin/Scala/C#  ``System.getenv("X")``, ``sys.env("X")``, ``GetEnvironmentVariable``
Perl                  ``$ENV{X}``, ``$ENV{'X'}``
Groovy, Go templates  ``env.X``, ``{{ .Env.X }}``, ``{{ env "X" }}``, ``{{ getenv "X" }}``
any language          a call of a function whose name contains ``env`` with the name as
                      its first string argument (``requireEnv('X')``, ``env::var("X")``)
templates and configs ``${X}``, ``${X:-default}``, ``$X`` (envsubst, nginx, varnish),
                      ``{{ X }}`` (j2cli), ``%(ENV_X)s`` (supervisord), ``$(X)`` (Kubernetes)
===================== ============================================================

In code, a string literal that is exactly an unambiguous link var name is an indirect
read (``const names = ['DB_PORT_5432_TCP_ADDR']``); in template files (``.tmpl``,
``.templ``, ``.j2``, …) a bare unambiguous name is a placeholder a script replaces with
``sed`` (an indirect read too). Anything else is a mention (a message, a comment, docs).

Only link-shaped names count: unambiguous ones (``X_PORT_5432_TCP_ADDR``, ``X_ENV_Y``)
always, the ambiguous ``X_PORT`` and ``X_NAME`` when ``X`` is in
``ctx.known_prefixes`` (the pipeline passes every prefix; the project filters).
Mentions in comments (``//``, ``#``, ``/* */``, ``--`` where the language has them) are
skipped; the comment test looks at the candidate's line (quote-aware), so it is cheap.

Settings files also *set* link-shaped names by hand (a shim): ``NAME=value`` in
``.env`` files, ``NAME: value`` / ``- NAME=value`` / ``name: NAME`` in YAML give an
:class:`~delink.facts.EnvSet`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import EnvRead, EnvSet, FileFacts
from delink.model import UNAMBIGUOUS_LINK_VAR_RE, is_unambiguous_link_var, parse_link_var
from delink.sources.embedded import guarded

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = [
    "PROFILES",
    "SOURCE",
    "Profile",
    "profile_for",
    "profile_named",
    "scan",
    "scan_heredoc",
]


@dataclass(frozen=True)
class Profile:
    """How one kind of file writes comments, strings, env reads and env settings."""

    language: str  # EnvRead.language
    line_comments: tuple[str, ...] = ()  # openers outside quotes: "//", "--"
    hash_comment: str = "none"  # "any": '#' outside quotes; "ws": at line start or after a blank
    block_comments: bool = False  # /* ... */
    semicolon_comment: bool = False  # ';' at the start of a line (ini)
    quotes: str = "'\""
    accessors: bool = True  # env accessor calls (getenv, ENV[...], process.env...)
    placeholders: bool = False  # ${X}, $X, $(X)
    mustache: bool = False  # {{ X }}
    literal_reads: bool = False  # 'X' as a whole string literal: indirect read (code)
    bare_reads: bool = False  # a bare unambiguous name: a placeholder (templates)
    # ``$X`` / ``${X}`` only for unambiguous names: in PHP and Perl ``$DB_PORT`` is a
    # variable of the language, ``$DB_PORT_5432_TCP_ADDR`` a placeholder sed fills in
    placeholders_unambiguous: bool = False
    built: bool = False  # names built at run time (``%s_PORT_%d_TCP_ADDR``): built_names
    sets: str = "none"  # "dotenv": NAME=value lines; "yaml": NAME: value / - NAME=value


def _c(language: str, **kw: object) -> Profile:
    """A C-like language: ``//`` and ``/* */`` comments; names built at run time."""
    kw.setdefault("built", True)
    return Profile(language, line_comments=("//",), block_comments=True, **kw)  # type: ignore[arg-type]


PROFILES: dict[str, Profile] = {
    "javascript": _c("javascript", quotes="'\"`", literal_reads=True),
    "ruby": Profile("ruby", hash_comment="any", literal_reads=True, built=True),
    "erb": Profile("erb", hash_comment="ws", placeholders=True, built=True),
    "php": _c(
        "php",
        hash_comment="any",
        literal_reads=True,
        placeholders=True,
        placeholders_unambiguous=True,
    ),
    "go": _c("go", quotes="'\"`", placeholders=True, literal_reads=True),
    "java": _c("java", placeholders=True, literal_reads=True),
    "kotlin": _c("kotlin", literal_reads=True),
    "scala": _c("scala", literal_reads=True),
    "groovy": _c("groovy", literal_reads=True),
    "csharp": _c("csharp", literal_reads=True),
    "rust": _c("rust", literal_reads=True),
    "perl": Profile(
        "perl",
        hash_comment="any",
        literal_reads=True,
        placeholders=True,
        placeholders_unambiguous=True,
        built=True,
    ),
    "python": Profile("python", hash_comment="any", literal_reads=True),
    "lua": Profile("lua", line_comments=("--",), literal_reads=True, built=True),
    "elixir": Profile("elixir", hash_comment="any", literal_reads=True, built=True),
    "dotenv": Profile("dotenv", hash_comment="ws", placeholders=True, sets="dotenv"),
    "yaml": Profile("yaml", hash_comment="ws", placeholders=True, sets="yaml"),
    "config": Profile("config", hash_comment="ws", semicolon_comment=True, placeholders=True),
    "json": Profile("json", placeholders=True),
    "vcl": _c("vcl", hash_comment="ws", placeholders=True),
    "template": Profile(
        "template",
        hash_comment="ws",
        placeholders=True,
        mustache=True,
        bare_reads=True,
        built=True,
    ),
    "heredoc": Profile("heredoc"),
    "heredoc-quoted": Profile("heredoc", placeholders=True, placeholders_unambiguous=True),
    "docs": Profile("docs"),
    "text": Profile("text", placeholders=True),
}

_EXT_PROFILE = {
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "javascript",
    ".jsx": "javascript",
    ".tsx": "javascript",
    ".mts": "javascript",
    ".cts": "javascript",
    ".rb": "ruby",
    ".rake": "ruby",
    ".cap": "ruby",
    ".erb": "erb",
    ".php": "php",
    ".go": "go",
    ".java": "java",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".scala": "scala",
    ".groovy": "groovy",
    ".gradle": "groovy",
    ".cs": "csharp",
    ".rs": "rust",
    ".pl": "perl",
    ".pm": "perl",
    ".py": "python",
    ".lua": "lua",
    ".ex": "elixir",
    ".exs": "elixir",
    ".env": "dotenv",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".conf": "config",
    ".cfg": "config",
    ".ini": "config",
    ".cnf": "config",
    ".properties": "config",
    ".toml": "config",
    ".xml": "config",
    ".json": "json",
    ".vcl": "vcl",
    ".tmpl": "template",
    ".templ": "template",
    ".tpl": "template",
    ".template": "template",
    ".ctmpl": "template",
    ".j2": "template",
    ".jinja": "template",
    ".jinja2": "template",
    ".mustache": "template",
    ".hbs": "template",
    ".handlebars": "template",
    ".vm": "template",
    ".txt": "docs",
    ".rst": "docs",
    ".html": "docs",
    ".htm": "docs",
    ".md": "docs",
}
_INTERPRETERS = {
    "node": "javascript",
    "nodejs": "javascript",
    "php": "php",
    "perl": "perl",
    "ruby": "ruby",
    "python": "python",
    "python3": "python",
    "groovy": "groovy",
}
_SHEBANG = re.compile(r"#![ \t]*(?:\S*/)?([\w.+-]+)(?:[ \t]+(?:-\S+[ \t]+)*([\w.+-]+))?")


def profile_named(name: str) -> Profile:
    return PROFILES.get(name, PROFILES["text"])


def profile_for(path: str, head: str = "") -> Profile:
    """The profile of a file from its name (and its shebang line)."""
    p = PurePosixPath(path.replace("\\", "/"))
    lower = p.name.lower()
    if lower.startswith(".env") or lower.endswith(".env"):
        return PROFILES["dotenv"]
    if p.suffix == "" and lower.endswith("rc"):
        return PROFILES["dotenv"]
    suffixes = [s.lower() for s in p.suffixes]
    # app.conf.tmpl, default.vcl.templ: the template wins over what it renders
    for suffix in reversed(suffixes):
        name = _EXT_PROFILE.get(suffix)
        if name is not None:
            return PROFILES[name]
    if head.startswith("#!"):
        m = _SHEBANG.match(head)
        if m:
            interp = m.group(1)
            if interp == "env" and m.group(2):
                interp = m.group(2)
            for key, name in _INTERPRETERS.items():
                if interp == key or (interp.startswith(key) and key.startswith("python")):
                    return PROFILES[name]
    return PROFILES["text"]


# -- scanning ----------------------------------------------------------------------------

# Where a link-shaped name may be: an upper-case letter or digit, then a marker.
_MARKER = re.compile(r"[A-Z0-9]_(?:PORT|NAME|ENV_)")
_IDENT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")

# Text before the name (anchored at its end) that makes it a read.
_ACCESSOR_BEFORE = re.compile(
    r"(?:"
    # process.env.X, env.X, .Env.X, ansible_env.X, import.meta.env.X, System.env.X
    r"(?i:env)\??\."
    # getenv('X'), ENV['X'], ENV.fetch("X", os.environ.get('X'), $_ENV['X'], env::var("X"),
    # System.getenv().get("X"), sys.env.getOrElse("X", …), requireEnv('X')
    r"|(?i:[A-Za-z_$]*env[A-Za-z0-9_]*)(?:::var(?:_os)?)?(?:[ \t]*\([ \t]*\))?"
    r"(?:\.(?:get|fetch|getOrElse|getOrDefault|key\?|has_key\?|include\?|member\?|\[\]))?"
    r"[ \t]*[\[(][ \t]*['\"`]"
    r"|\$_SERVER[ \t]*\[[ \t]*['\"]"
    # Perl $ENV{X} / $ENV{'X'}
    r"|\$ENV[ \t]*\{[ \t]*['\"]?"
    # Ruby ENV.fetch "X" without parentheses; {{ env "X" }} / {{ getenv "X" }} templates
    r"|(?:ENV\.fetch|(?<![A-Za-z0-9_.])(?:env|getenv))[ \t]+['\"]"
    # Ansible lookup('env', 'X')
    r"|lookup\([ \t]*['\"]env['\"][ \t]*,[ \t]*['\"]"
    r")\Z"
)
_MUSTACHE_OPEN = re.compile(r"\{\{-?[ \t]*\Z")
_MUSTACHE_CLOSE = re.compile(r"[ \t]*(?:\||-?\}\})")
_DESTRUCTURE_END = re.compile(
    r"\}\s*=\s*(?:process\.env|import\.meta\.env|Deno\.env\.toObject\(\))\b"
)


# the last character of the text before a name that an accessor can end with
_ACCESSOR_LAST = frozenset(".'\"`{")
# accessors that set or remove a variable: os.Setenv("X", v), putenv("X=v"),
# Environment.SetEnvironmentVariable("X", v), delete process.env.X
_SETTER_BEFORE = re.compile(
    r"(?:(?i:(?:set|put|unset)env)\w*|SetEnvironmentVariable|setProperty)[ \t]*\([ \t]*['\"`]\Z"
    r"|\bdelete[ \t]+[\w.]+\.\Z"
)
# the accessor is assigned to: ENV['X'] = v, process.env.X = v, $_ENV['X'] = v
_ASSIGNED_AFTER = re.compile(r"['\"`]?[ \t]*[\])}]?[ \t]*=(?![=~>])")
# a subscript of a variable: want["X"], expected['X'] (env["X"] stays a read)
_SUBSCRIPT_BEFORE = re.compile(r"([A-Za-z_$][\w$]*)[ \t]*\[[ \t]*['\"`]\Z")
# a quoted key of a dict / hash / object literal: 'X': v, "X" => v
_KEY_AFTER = re.compile(r"[ \t]*(?::(?![:=])|=>)")


@lru_cache(maxsize=4096)
def _shape(name: str) -> tuple[bool, str | None]:
    """(unambiguous link var?, prefix of an ambiguous X_PORT / X_NAME reading)."""
    if UNAMBIGUOUS_LINK_VAR_RE.search(name) and is_unambiguous_link_var(name):
        return True, None
    if name.endswith(("_PORT", "_NAME")):
        var = parse_link_var(name)
        if var is not None and var.ambiguous:
            return False, var.prefix
    return False, None


def _block_comments(text: str, prof: Profile) -> list[tuple[int, int]]:
    """``/* … */`` ranges of a C-like file (an opener inside quotes on its line does
    not count). Computed once per file, only when a candidate needs it."""
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        open_ = text.find("/*", pos)
        if open_ < 0:
            return out
        ls = _line_start(text, open_)
        if _quoted_at(text, ls, open_, prof.quotes) or _open_line_comment(text, ls, open_, prof):
            pos = open_ + 2
            continue
        close = text.find("*/", open_ + 2)
        if close < 0:
            out.append((open_, len(text)))
            return out
        out.append((open_, close + 2))
        pos = close + 2


def _line_start(text: str, pos: int) -> int:
    i = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos))
    return i + 1


def _line_end(text: str, pos: int) -> int:
    n = text.find("\n", pos)
    if n < 0:
        n = len(text)
    r = text.find("\r", pos, n)
    return r if r >= 0 else n


def _open_line_comment(text: str, ls: int, pos: int, prof: Profile) -> bool:
    """Is ``pos`` after a line-comment opener on its line (outside quotes)?"""
    quote = ""
    i = ls
    hash_mode = prof.hash_comment
    openers = prof.line_comments
    quotes = prof.quotes
    if prof.semicolon_comment:
        k = ls
        while k < pos and text[k] in " \t":
            k += 1
        if k < pos and text[k] == ";":
            return True
    while i < pos:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in quotes:
            quote = c
        elif c == "#" and hash_mode != "none":
            if hash_mode == "any":
                if i == ls or text[i - 1] != "$":  # Perl $#array
                    return True
            elif i == ls or text[i - 1] in " \t":
                return True
        else:
            for op in openers:
                if text.startswith(op, i):
                    return True
        i += 1
    return False


def _quoted_at(text: str, ls: int, pos: int, quotes: str) -> bool:
    quote = ""
    i = ls
    while i < pos:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in quotes:
            quote = c
        i += 1
    return bool(quote)


class _Scanner:
    def __init__(self, facts: FileFacts, path: str, text: str, ctx: Context, prof: Profile) -> None:
        self.facts = facts
        self.path = path
        self.text = text
        self.ctx = ctx
        self.prof = prof
        self.keep: dict[str, bool] = {}
        self.block_ranges: list[tuple[int, int]] | None = None
        self.destructured: list[tuple[int, int]] | None = None

    def wanted(self, name: str) -> bool:
        ok = self.keep.get(name)
        if ok is None:
            unambiguous, prefix = _shape(name)
            ok = unambiguous or (prefix is not None and prefix in self.ctx.known_prefixes)
            self.keep[name] = ok
        return ok

    def in_comment(self, pos: int, ls: int) -> bool:
        prof = self.prof
        text = self.text
        if prof.line_comments or prof.hash_comment != "none" or prof.semicolon_comment:
            prefix = text[ls:pos]
            if (
                ("#" in prefix and prof.hash_comment != "none")
                or any(op in prefix for op in prof.line_comments)
                or (prof.semicolon_comment and ";" in prefix)
            ) and _open_line_comment(text, ls, pos, prof):
                return True
        if not prof.block_comments:
            return False
        if self.block_ranges is None:
            self.block_ranges = _block_comments(text, prof)
        return any(a < pos < b for a, b in self.block_ranges)

    def run(self, start: int, end: int) -> None:
        if self.prof.built:
            self.built(start, end)
        text = self.text
        last_end = start
        for m in _MARKER.finditer(text, start, end):
            k = m.start() + 1  # the "_" of the marker
            if k < last_end:
                continue
            s = k
            while s > start and text[s - 1] in _IDENT:
                s -= 1
            e = m.end()
            while e < end and text[e] in _IDENT:
                e += 1
            last_end = e
            name = text[s:e]
            if not name[0].isalpha() and name[0] != "_":
                continue
            if name.startswith("ENV_") and text.startswith("%(", s - 2):
                s += 4  # supervisord %(ENV_X)s reads X
                name = name[4:]
            if not self.wanted(name):
                continue
            self.classify(name, s, e, end)

    def built(self, start: int, end: int) -> None:
        """Names built at run time from the link shape (:mod:`.built_names`)."""
        text = self.text
        if text.find("PORT_", start, end) < 0 and text.find("_ENV_", start, end) < 0:
            return
        from delink.sources.built_names import find

        region = text[start:end]

        def in_comment(i: int) -> bool:
            return self.in_comment(start + i, _line_start(text, start + i))

        for b in find(region, in_comment):
            span = Span(self.path, start + b.start, start + b.end)
            self.facts.reads.append(
                EnvRead(b.name, span, self.prof.language, built=True, pattern=True)
            )

    def classify(self, name: str, s: int, e: int, end: int) -> None:
        text = self.text
        prof = self.prof
        ls = _line_start(text, s)
        before = text[max(ls, s - 96) : s]
        after = text[e : e + 2]
        kind = self.read_kind(name, before, after, s, e, ls)
        if kind is None:
            return
        if self.in_comment(s, ls):
            return
        if kind == "set":
            self.facts.env_sets.append(EnvSet(name, Span(self.path, s, e)))
            return
        self.facts.reads.append(
            EnvRead(name, Span(self.path, s, e), prof.language, indirect=(kind == "indirect"))
        )

    def read_kind(self, name: str, before: str, after: str, s: int, e: int, ls: int) -> str | None:
        prof = self.prof
        if prof.accessors and before[-1:] in _ACCESSOR_LAST and _ACCESSOR_BEFORE.search(before):
            if _SETTER_BEFORE.search(before) or _ASSIGNED_AFTER.match(self.text, e):
                return None  # the code sets (or removes) the variable: not a read
            return "read"
        if before.endswith("%(ENV_") and after.startswith(")"):
            return "read"  # supervisord %(ENV_X)s
        if prof.placeholders and (not prof.placeholders_unambiguous or _shape(name)[0]):
            if before.endswith("${") and (not after or after[0] in "}:-=?+"):
                return "read"
            if before.endswith("$") and not before.endswith("$$"):
                return "read"
            if before.endswith("$(") and after.startswith(")"):
                return "read"  # Kubernetes $(X) in command/args
        if prof.mustache and _MUSTACHE_OPEN.search(before) and _MUSTACHE_CLOSE.match(self.text, e):
            return "read"
        unambiguous = _shape(name)[0]
        if prof.sets != "none" and unambiguous:
            kind = self.set_kind(before, after, e)
            if kind is not None:
                return kind
        if prof.language == "javascript" and self.in_destructuring(s):
            return "read"
        if not unambiguous:
            return None
        if prof.literal_reads and before[-1:] in ("'", '"', "`") and after[:1] == before[-1:]:
            if _KEY_AFTER.match(self.text, e + 1):
                return None  # a key of a literal that sets env (or expects it): no read
            sub = _SUBSCRIPT_BEFORE.search(before)
            if sub is not None and "env" not in sub.group(1).lower():
                return None  # want["X"]: a key of a map of the program, not the env
            return "indirect"
        if prof.bare_reads:
            return "indirect"
        return None

    def set_kind(self, before: str, after: str, e: int) -> str | None:
        prof = self.prof
        head = before.strip(" \t")
        if prof.sets == "dotenv":
            if (head == "" or head in ("export", "set", "setenv")) and after[:1] == "=":
                return "set"
            if head == "" and re.match(r"[ \t]*=", self.text[e : e + 8]):
                return "set"
            return None
        # yaml: KEY: value, - KEY=value, - KEY: value, name: KEY
        if head in ("", "-", "'", '"', "- '", '- "') or re.fullmatch(r"-[ \t]*['\"]?", head):
            tail = self.text[e : e + 3]
            if re.match(r"['\"]?[ \t]*:(?:[ \t]|$|\r|\n)", tail) or tail.startswith("="):
                return "set"
            if tail.startswith(("'=", '"=')):
                return "set"
        if re.fullmatch(r"(?:-[ \t]+)?name:[ \t]*['\"]?", head):
            rest = self.text[e : _line_end(self.text, e)].strip(" \t'\"")
            if rest == "":
                return "set"
        return None

    def in_destructuring(self, pos: int) -> bool:
        """``const { DB_PORT_5432_TCP_ADDR, X: y } = process.env``."""
        if self.destructured is None:
            self.destructured = []
            text = self.text
            for m in _DESTRUCTURE_END.finditer(text):
                close = m.start()
                open_ = text.rfind("{", 0, close)
                if open_ >= 0 and close - open_ < 4000:
                    self.destructured.append((open_, close))
        for open_, close in self.destructured:
            if open_ < pos < close:
                # the name is a key (before ':' or ',' or '}' or '=' default), not a value
                text = self.text
                j = pos
                while j > open_ and text[j - 1] in " \t\r\n":
                    j -= 1
                return text[j - 1] in "{,"
        return False


def scan(
    facts: FileFacts,
    src: SourceText,
    ctx: Context,
    profile: Profile,
    start: int = 0,
    end: int | None = None,
) -> None:
    """Append the link env reads and sets of ``src.text[start:end]`` to ``facts``."""
    _Scanner(facts, src.path, src.text, ctx, profile).run(
        start, len(src.text) if end is None else end
    )


def scan_heredoc(
    facts: FileFacts, path: str, text: str, ctx: Context, start: int, end: int, quoted: bool
) -> None:
    """The body of a heredoc a shell command writes to a file (``cat > config/database.yml
    <<EOF``): env accessors of the language written there (ERB ``<%= ENV['X'] %>``, PHP
    ``getenv('X')``, ``process.env.X``). ``$X`` is the shell's own read in an unquoted
    heredoc; in a quoted one (``<<'EOF'``) it is a placeholder of the file written."""
    profile = PROFILES["heredoc-quoted" if quoted else "heredoc"]
    _Scanner(facts, path, text, ctx, profile).run(start, end)


def _scan_file(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    scan(facts, src, ctx, profile_for(src.path, src.text[:128]))


class ConsumerSource:
    language = "consumer"
    extract = staticmethod(guarded(language, _scan_file, "could not scan this file"))

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        """Consumers have no syntax delink checks: nothing a fix could break here."""
        return None


SOURCE = ConsumerSource()
