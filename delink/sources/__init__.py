"""Input languages: which files each one reads, and the lazily-loaded extractors.

Classifying a file must stay cheap (the benchmark walks 10,000 files), so this module
only looks at names, extensions and the first line; the extractor modules (tree-sitter,
bashlex, pyyaml, libcst) are imported only when a candidate file needs them.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from delink.facts import FileFacts
    from delink.settings import Settings
    from delink.text import SourceText


class AllPrefixes(frozenset[str]):
    """Contains every prefix: the default, so that sources record every ambiguous read
    and the project keeps those whose prefix belongs to a link it knows."""

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str)


@dataclass
class Context:
    """What a source may know beyond its own file."""

    settings: Settings
    # Link alias prefixes (DB, WEB_DB) for which reads of the ambiguous shapes X_PORT
    # and X_NAME are recorded. The pipeline passes AllPrefixes(); the project filters.
    known_prefixes: frozenset[str] = field(default_factory=AllPrefixes)


class Source(Protocol):
    language: str

    def extract(self, src: SourceText, ctx: Context) -> FileFacts:
        """Turn a file into facts. Never raises for bad input: problems become facts."""
        ...

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        """Before a fix is written: a message if ``after`` (the fixed text) does not
        parse where ``before`` did (new parse errors), else None."""
        ...


# language -> module that defines ``SOURCE``
MODULES: dict[str, str] = {
    "shell": "delink.sources.shell",
    "compose": "delink.sources.compose",
    "python": "delink.sources.python",
    "dockerfile": "delink.sources.dockerfile",
    "makefile": "delink.sources.embedded.makefile",
    "markdown": "delink.sources.embedded.markdown",
    "rst": "delink.sources.embedded.rst",
    "asciidoc": "delink.sources.embedded.asciidoc",
    "systemd": "delink.sources.embedded.systemd",
    "groovy": "delink.sources.embedded.groovy",
    "ci-yaml": "delink.sources.embedded.ciyaml",
    "ruby": "delink.sources.embedded.ruby",
    "consumer": "delink.sources.consumer",
    "json": "delink.sources.jsonfile",
    "terraform": "delink.sources.terraform",
}

_loaded: dict[str, Source] = {}


def load(language: str) -> Source | None:
    """The source for a language, or None when that source is not available."""
    if language in _loaded:
        return _loaded[language]
    module_name = MODULES.get(language)
    if module_name is None:
        return None
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    source: Source = module.SOURCE
    _loaded[language] = source
    return source


_SHELL_EXT = {".sh", ".bash", ".ksh", ".zsh", ".dash", ".ash", ".bats", ".command"}
_SHEBANG = re.compile(rb"^#![ \t]*(?:/usr)?(?:/local)?/bin/(?:env[ \t]+(?:-\S+[ \t]+)*)?(\S+)")
_SHELLS = {b"sh", b"bash", b"dash", b"ksh", b"zsh", b"ash", b"mksh", b"busybox", b"bats"}
_PYTHON_EXT = {".py", ".pyw"}
_RUBY_NAMES = {"rakefile", "vagrantfile", "capfile", "gemfile", "guardfile"}
_RUBY_EXT = {".rb", ".rake", ".cap"}
_MARKDOWN_EXT = {".md", ".markdown", ".mdown", ".mkd"}
# Plain-text documentation (README, INSTALL.txt): read as Markdown, whose reader also
# takes docker commands written on lines of their own there.
_TEXT_DOC_STEMS = frozenset({"readme", "install", "usage", "howto", "notes", "running", "deploy"})
# The first statement of an extensionless file without a shebang that only shell writes
# (a file meant to be sourced): `: ${VAR:=default}`, `name() {`, `function name`, `set -e`.
_SHELL_START = re.compile(
    rb"(?:[ \t]*(?:#[^\n]*)?\n)*"
    rb"(?::[ \t]+\$\{\w+:?[=?-]|[A-Za-z_][\w-]*[ \t]*\(\)[ \t]*\{?[ \t]*\n"
    rb"|function[ \t]+[A-Za-z_][\w-]*[ \t]*(?:\(\))?[ \t]*\{?[ \t]*\n|set[ \t]+-[euxo])"
)
_COMPOSE_NAME = re.compile(
    r"^(?:(?:docker-compose|compose)[\w.-]*|[\w.-]+\.compose|fig)"
    r"\.(?:ya?ml(?:\.\w+)?|j2|jinja2?|tmpl|tpl|handlebars|hbs)$",
    re.IGNORECASE,
)
# JSON templates (Terraform templatefile, Jinja): task-definition.json.tpl
_JSON_TEMPLATE = re.compile(r"\.json\.(?:tpl|tmpl|t|j2|jinja2?|template|erb)$")
_CI_NAMES = {
    ".travis.yml",
    ".gitlab-ci.yml",
    "bitbucket-pipelines.yml",
    "azure-pipelines.yml",
    ".drone.yml",
    "appveyor.yml",
    ".appveyor.yml",
    "wercker.yml",
    "circle.yml",
    "codeship-steps.yml",
    "cloudbuild.yaml",
    "cloudbuild.yml",
}
# Text files the consumer scanner reads (link env var reads in any language).
_CONSUMER_EXT = {
    ".js",
    ".mjs",
    ".cjs",
    ".ts",
    ".jsx",
    ".tsx",
    ".rb",
    ".erb",
    ".php",
    ".go",
    ".java",
    ".kt",
    ".kts",
    ".gradle",
    ".scala",
    ".groovy",
    ".pl",
    ".pm",
    ".lua",
    ".cs",
    ".rs",
    ".ex",
    ".exs",
    ".conf",
    ".cfg",
    ".ini",
    ".env",
    ".properties",
    ".json",
    ".yml",
    ".yaml",
    ".toml",
    ".xml",
    ".tmpl",
    ".templ",
    ".tpl",
    ".template",
    ".j2",
    ".jinja",
    ".jinja2",
    ".vcl",
    ".ctmpl",
    ".txt",
    ".html",
    ".htm",
    ".vm",
    ".mustache",
    ".hbs",
    ".handlebars",
    ".cnf",
}


def shebang_language(head: bytes) -> str | None:
    if not head.startswith(b"#!"):
        return None
    m = _SHEBANG.match(head)
    if not m:
        return None
    interp = m.group(1).rsplit(b"/", 1)[-1]
    if interp in _SHELLS:
        return "shell"
    if interp.startswith(b"python"):
        return "python"
    if interp in (b"ruby",):
        return "ruby"
    if interp in (b"node", b"nodejs", b"php", b"perl"):
        return "consumer"
    if interp.startswith((b"groovy",)):
        return "groovy"
    return None


NEEDS_HEAD = "?"  # classify() without a head: the first bytes decide


def classify(path: str, head: bytes | None) -> str | None:
    """The language of a file from its name and first bytes, or None to skip it. With
    ``head=None`` the file is not read: :data:`NEEDS_HEAD` says its shebang decides."""
    posix = path.replace("\\", "/")
    name = posix.rpartition("/")[2]
    lower = name.lower()
    dot = name.rfind(".")
    suffix = lower[dot:] if 0 < dot < len(name) - 1 else ""
    if _COMPOSE_NAME.match(name):
        return "compose"
    if suffix in _SHELL_EXT:
        return "shell"
    if suffix in _PYTHON_EXT:
        return "python"
    if (
        lower in ("dockerfile", "containerfile")
        or lower.startswith(("dockerfile.", "containerfile."))
        or lower.endswith(".dockerfile")
    ):
        return "dockerfile"
    if lower in ("makefile", "gnumakefile") or suffix == ".mk":
        return "makefile"
    if suffix in _MARKDOWN_EXT or (
        suffix in ("", ".txt") and (lower[:dot] if dot > 0 else lower) in _TEXT_DOC_STEMS
    ):
        return "markdown"
    if suffix in (".rst", ".rest"):
        return "rst"
    if suffix in (".adoc", ".asciidoc", ".asc"):
        return "asciidoc"
    if suffix == ".service":
        return "systemd"
    if lower.startswith("jenkinsfile") or suffix in (".groovy", ".jenkinsfile"):
        return "groovy"
    if lower in _RUBY_NAMES or suffix in _RUBY_EXT:
        return "ruby"
    if lower in _CI_NAMES or (
        suffix in (".yml", ".yaml")
        and (".github/workflows/" in posix or ".circleci/" in posix or ".gitlab/" in posix)
    ):
        return "ci-yaml"
    if suffix == ".json" or _JSON_TEMPLATE.search(lower):
        return "json"  # ECS task definitions, Dockerrun.aws.json; else a consumer
    if suffix == ".tf":
        return "terraform"
    if head is None:
        return NEEDS_HEAD
    lang = shebang_language(head)
    if lang is not None:
        return lang
    if suffix == "" and not lower.startswith(".") and _SHELL_START.match(head):
        return "shell"
    if suffix in (".yml", ".yaml"):
        return "compose"  # the Compose source decides by shape, else hands over to consumers
    if (
        suffix in _CONSUMER_EXT
        or lower.startswith(".env")
        or (suffix == "" and lower.endswith("rc"))
    ):
        return "consumer"
    return None
