"""CI files: shell in ``.travis.yml``, GitHub Actions, GitLab CI, CircleCI, Bitbucket,
Drone, Azure Pipelines, AppVeyor, Wercker, Codeship and Cloud Build files.

The file is composed with pyyaml (the C loader when present) and walked by node:

* the string scalars under ``run``, ``script``, ``before_script``, ``install``,
  ``command``, ``commands`` and the other script keys (:data:`SCRIPT_KEYS`), alone or in
  (nested) lists, are shell fragments;
* ``env`` / ``environment`` / ``variables`` entries: a mapping key or a Travis-style
  ``NAME=value`` string whose NAME is link-shaped is an :class:`~delink.facts.EnvSet`
  (a shim); a quoted value that holds a ``docker`` command (``BUILD="docker run … --link
  db"``, later run by ``eval $BUILD``) is a shell fragment of its own; other Travis
  entries go to the shell source as the assignments they are;
* GitHub ``options:`` next to an ``image:`` (job containers, services) are
  ``docker create`` flags; Cloud Build steps of the docker builder have an argv ``args``.

Scalars map back to their host characters through
:func:`~delink.sources.embedded.yamlscalar.scalar_chars`. GitHub ``${{ … }}``
expressions are not shell: they become a same-length ``${…}`` placeholder.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from delink.diagnostics import Span
from delink.facts import EnvSet, FileFacts, Statement
from delink.model import is_unambiguous_link_var
from delink.sources.embedded import (
    FragmentBuilder,
    HostSource,
    interpolation_placeholder,
    invalid_yaml,
    problem,
    shell_fragment,
)
from delink.sources.embedded.argv import add_argv_word
from delink.sources.embedded.yamlscalar import load_nodes, scalar_chars
from delink.text import OffsetMap

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = [
    "SCRIPT_KEYS",
    "SOURCE",
    "extract_fragment",
    "looks_like_ci",
]

LANGUAGE = "ci-yaml"

SCRIPT_KEYS = frozenset(
    {
        "run",
        "script",
        "scripts",
        "before_script",
        "after_script",
        "install",
        "before_install",
        "before_deploy",
        "after_deploy",
        "after_success",
        "after_failure",
        "before_cache",
        "command",
        "commands",
        "pre",
        "post",
        "override",
        "build_script",
        "test_script",
        "before_build",
        "after_build",
        "before_test",
        "after_test",
        "deploy_script",
        "on_success",
        "on_failure",
        "on_finish",
        "bash",
        "sh",
        "inline",
        "inlineScript",
        "code",
        "setup",
        "cleanup",
    }
)
ENV_KEYS = frozenset({"env", "environment", "variables"})
_NOT_SHELL = frozenset({"pwsh", "powershell", "cmd", "python", "node"})
# -- the CI file walker ---------------------------------------------------------------------


_GH_EXPR = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
_ASSIGN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


class _Walker:
    def __init__(
        self,
        facts: FileFacts,
        src: SourceText,
        ctx: Context,
        text: str | None = None,
        outer: OffsetMap | None = None,
    ) -> None:
        self.facts = facts
        self.src = src
        self.ctx = ctx
        self.text = src.text if text is None else text  # the YAML text
        self.outer = outer  # YAML text offsets -> host offsets (YAML inside Markdown)
        self.seen: set[int] = set()  # scalars read (an alias is the same node)
        self.visited: set[tuple[str, int]] = set()  # (as what, collection) walked

    def first_visit(self, node: Any, role: str) -> bool:
        """True the first time a collection node is walked as ``role`` (``walk``,
        ``script``, ``env``): aliases share nodes, and an alias bomb (``&a [*a, *a, …]``
        nested) is walked once per node and role, not once per path to it."""
        key = (role, id(node))
        if key in self.visited:
            return False
        self.visited.add(key)
        return True

    def host(self, i: int) -> int:
        return self.outer(i) if self.outer is not None else i

    def host_end(self, i: int) -> int:
        return self.outer.end(i) if self.outer is not None else i

    def scalar(self, node: Any, min_indent: int = 1) -> tuple[str, OffsetMap] | None:
        got = scalar_chars(self.text, node, min_indent)
        if got is None or self.outer is None:
            return got
        return got[0], self.outer.compose(got[1])

    def chars(self, node: Any, min_indent: int) -> tuple[str, OffsetMap] | None:
        got = self.scalar(node, min_indent)
        if got is None:
            problem(
                self.facts,
                self.src.path,
                self.host(node.start_mark.index),
                self.host_end(node.end_mark.index),
                "could not map this YAML string to its characters; the shell in it was not read",
            )
        return got

    def walk(self, node: Any, parent_indent: int = -1) -> None:
        import yaml

        if not isinstance(node, yaml.ScalarNode) and not self.first_visit(node, "walk"):
            return
        if isinstance(node, yaml.MappingNode):
            keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            shell = keys.get("shell")
            not_shell = (
                isinstance(shell, yaml.ScalarNode)
                and str(shell.value).split()[0:1] != []
                and str(shell.value).split()[0] in _NOT_SHELL
            )
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                key = k.value
                col = k.start_mark.column
                if key in SCRIPT_KEYS or key in ENV_KEYS:
                    self.statement(k.start_mark.index, v.end_mark.index)
                if key in SCRIPT_KEYS and not (not_shell and key == "run") and self.script(v, col):
                    continue
                if key in ENV_KEYS and self.env(v, col, travis=key == "env"):
                    continue
                if key == "options" and isinstance(keys.get("image"), yaml.ScalarNode):
                    self.options(v, keys["image"], col)
                    continue
                if key == "args" and isinstance(v, yaml.SequenceNode):
                    self.cloudbuild_args(keys, v, col)
                    continue
                self.walk(v, col)
        elif isinstance(node, yaml.SequenceNode):
            col = node.start_mark.column
            for item in node.value:
                self.walk(item, col)

    def statement(self, start: int, end: int) -> None:
        """A YAML node an own-line suppression comment before it covers."""
        self.facts.statements.append(Statement(self.host(start), self.host_end(end)))

    def script(self, node: Any, parent_indent: int) -> bool:
        """Shell fragments from a script value; False if it is not a script shape."""
        import yaml

        if isinstance(node, yaml.ScalarNode):
            if node.tag != "tag:yaml.org,2002:str" or id(node) in self.seen:
                return True
            self.seen.add(id(node))
            got = self.chars(node, parent_indent + 1)
            if got is not None:
                self.fragment(*got)
            return True
        if isinstance(node, yaml.SequenceNode):
            if not self.first_visit(node, "script"):
                return True
            for item in node.value:
                self.statement(item.start_mark.index, item.end_mark.index)
                if isinstance(item, (yaml.ScalarNode, yaml.SequenceNode)):
                    self.script(item, node.start_mark.column)
                else:
                    self.walk(item, node.start_mark.column)
            return True
        return False

    def fragment(self, value: str, omap: OffsetMap) -> None:
        if "${{" in value:
            value = _GH_EXPR.sub(lambda m: interpolation_placeholder(m.group()), value)
        shell_fragment(self.facts, self.src, value, omap, self.ctx)

    def env(self, node: Any, parent_indent: int, travis: bool = True) -> bool:
        import yaml

        collection = isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        if collection and not self.first_visit(node, "env"):
            return True
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                if k.value in ("global", "matrix", "jobs") and isinstance(
                    v, (yaml.SequenceNode, yaml.MappingNode)
                ):
                    self.env(v, k.start_mark.column)
                    continue
                name = str(k.value)
                if is_unambiguous_link_var(name):
                    start = k.start_mark.index + (1 if k.style in ("'", '"') else 0)
                    span = Span(self.src.path, self.host(start), self.host_end(start + len(name)))
                    self.facts.env_sets.append(EnvSet(name, span))
                if isinstance(v, (yaml.MappingNode, yaml.SequenceNode)):
                    self.walk(v, k.start_mark.column)
            return True
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.statement(item.start_mark.index, item.end_mark.index)
                if isinstance(item, yaml.ScalarNode) and isinstance(item.value, str):
                    if id(item) in self.seen:
                        continue
                    self.seen.add(id(item))
                    got = self.chars(item, node.start_mark.column + 1)
                    if got is not None:
                        self.env_entry(*got)
                else:
                    self.env(item, node.start_mark.column)
            return True
        if travis and isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            # Travis allows one string: env: FOO=1 BAR=2
            if id(node) in self.seen:
                return True
            self.seen.add(id(node))
            got = self.chars(node, parent_indent + 1)
            if got is not None:
                self.env_entry(*got)
            return True
        return False

    def env_entry(self, value: str, omap: OffsetMap) -> None:
        """A Travis-style entry: ``NAME=value NAME2="x y"``, shell assignments."""
        pos = 0
        n = len(value)
        ran_value = False
        while pos < n:
            while pos < n and value[pos] in " \t\r\n":
                pos += 1
            m = _ASSIGN.match(value, pos)
            if m is None:
                break
            name = value[pos : m.end() - 1]
            if is_unambiguous_link_var(name):
                self.facts.env_sets.append(
                    EnvSet(name, Span(self.src.path, omap(pos), omap.end(m.end() - 1)))
                )
            pos = m.end()
            word = FragmentBuilder()
            pos = _shell_word(value, pos, omap, word)
            inner = word.text
            if re.search(r"\bdocker\b", inner):
                frag, inner_map = word.build(omap.end(pos))
                shell_fragment(self.facts, self.src, frag, inner_map, self.ctx)
                ran_value = True
        if not ran_value:
            self.fragment(value, omap)

    def options(self, node: Any, image: Any, parent_indent: int) -> None:
        """GitHub job container / service ``options:``: ``docker create`` flags."""
        import yaml

        if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
            return
        got = self.chars(node, parent_indent + 1)
        img = self.scalar(image)
        if got is None:
            return
        value, omap = got
        b = FragmentBuilder()
        b.synth("docker create ")
        for i, ch in enumerate(value):
            b.put_span(ch, omap(i), omap.end(i + 1))
        if img is not None:
            b.synth(" ")
            ivalue, imap = img
            add_argv_word(
                b,
                [
                    (
                        _GH_EXPR.sub(lambda m: interpolation_placeholder(m.group()), ivalue),
                        imap,
                        "${{" in ivalue,
                    )
                ],
            )
            frag, fmap = b.build(self.host_end(image.end_mark.index))
        else:
            frag, fmap = b.build(self.host_end(node.end_mark.index))
        self.fragment(frag, fmap)

    def cloudbuild_args(self, keys: dict[Any, Any], node: Any, parent_indent: int) -> None:
        """Cloud Build: ``name: …/docker`` + ``args: [run, --link, …]`` is a docker
        argv; ``entrypoint: bash`` + ``args: [-c, script]`` runs a script."""
        import yaml

        items = [x for x in node.value if isinstance(x, yaml.ScalarNode)]
        builder = keys.get("name")
        entry = keys.get("entrypoint")
        entry_value = str(entry.value) if isinstance(entry, yaml.ScalarNode) else ""
        if entry_value.rsplit("/", 1)[-1] in ("bash", "sh"):
            for i, item in enumerate(items[:-1]):
                if item.value == "-c":
                    got = self.chars(items[i + 1], node.start_mark.column + 1)
                    if got is not None:
                        self.fragment(*got)
            return
        name = str(builder.value) if isinstance(builder, yaml.ScalarNode) else ""
        if name.rsplit("/", 1)[-1].split(":")[0] != "docker" or entry_value:
            self.walk(node, parent_indent)
            return
        b = FragmentBuilder()
        b.synth("docker")
        for item in items:
            got = self.chars(item, node.start_mark.column + 1)
            if got is None:
                return
            b.synth(" ")
            add_argv_word(b, [(got[0], got[1], False)])
        frag, fmap = b.build(self.host_end(node.end_mark.index))
        self.fragment(frag, fmap)


def _shell_word(value: str, pos: int, omap: OffsetMap, out: FragmentBuilder) -> int:
    """Read one shell word of ``value`` from ``pos`` (quote removal), appending its
    characters to ``out`` with host offsets; returns the end position."""
    n = len(value)
    while pos < n and value[pos] not in " \t\r\n;&|":
        c = value[pos]
        if c == "'":
            close = value.find("'", pos + 1)
            if close < 0:
                close = n
            for i in range(pos + 1, close):
                out.put_span(value[i], omap(i), omap.end(i + 1))
            pos = close + 1
        elif c == '"':
            pos += 1
            while pos < n and value[pos] != '"':
                if value[pos] == "\\" and pos + 1 < n and value[pos + 1] in '"\\$`\n':
                    pos += 1
                out.put_span(value[pos], omap(pos), omap.end(pos + 1))
                pos += 1
            pos += 1
        elif c == "\\" and pos + 1 < n:
            out.put_span(value[pos + 1], omap(pos + 1), omap.end(pos + 2))
            pos += 2
        else:
            out.put_span(c, omap(pos), omap.end(pos + 1))
            pos += 1
    return min(pos, n)


def looks_like_ci(text: str) -> bool:
    """Does a YAML text (a Markdown block) look like a CI file rather than Compose?"""
    return bool(_CI_SHAPE.search(text))


_CI_SHAPE = re.compile(
    r"^[ \t]*-?[ \t]*(?:script|before_script|after_script|before_install|install|run|steps"
    r"|commands|build_script|test_script):",
    re.MULTILINE,
)


def extract_fragment(
    facts: FileFacts, src: SourceText, fragment: str, omap: OffsetMap, ctx: Context
) -> None:
    """Read YAML embedded in another file (a Markdown code block) as a CI file;
    ``omap`` maps the YAML text to the host. Bad YAML becomes a Problem."""
    _read(facts, src, ctx, fragment, omap)


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    _read(facts, src, ctx, src.text, None)


def _read(
    facts: FileFacts, src: SourceText, ctx: Context, text: str, omap: OffsetMap | None
) -> None:
    """Walk every document of the YAML ``text`` (``omap``: to host offsets, None when
    ``text`` is the host text)."""
    import yaml

    try:
        docs = load_nodes(text)
    except yaml.YAMLError as exc:
        invalid_yaml(facts, src.path, exc, omap)
        return
    walker = _Walker(facts, src, ctx, text, omap)
    for doc in docs:
        walker.walk(doc)


class CiYamlSource(HostSource):
    def validate(self, before: SourceText, after: SourceText) -> str | None:
        """The fixed file must still load as YAML (when the original did), and no shell
        fragment in it may stop parsing."""
        import yaml

        try:
            load_nodes(before.text)
        except yaml.YAMLError:
            return None
        try:
            load_nodes(after.text)
        except yaml.YAMLError as exc:
            return f"the fixed file is no longer valid YAML: {exc}"
        return super().validate(before, after)


SOURCE = CiYamlSource(LANGUAGE, _extract)
