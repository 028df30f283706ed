"""The Python source: docker SDK calls with links, link env reads, shell in strings.

Speed first. libcst parses at about 0.4 MB/s (0.09 MB/s with position metadata), too
slow for a tree of thousands of Python files, and most Python files hold nothing for
delink. So:

1. :func:`~delink.sources.python.quick.route` looks at the text with a few regexes;
   most files stop here, and files whose only candidates are ambiguous ``X_PORT`` /
   ``X_NAME`` env reads are read by one more regex (no parse);
2. the rest are parsed with ``ast`` (C, about 30x faster than libcst with positions;
   its positions are exact: line and UTF-8 byte column, converted to characters by
   :class:`~delink.sources.python.positions.Positions`), and read by
   :mod:`~delink.sources.python.scope` (names, imports, assignments),
   :mod:`~delink.sources.python.sdk` (SDK calls), :mod:`~delink.sources.python.reads`
   (env reads) and :mod:`~delink.sources.python.shell` (shell in strings);
3. libcst is imported only by :meth:`PythonSource.validate`, after a fix, to check that
   the fixed module still round-trips as a concrete syntax tree.

Public: :data:`SOURCE` (``language == "python"``).
"""

from __future__ import annotations

import ast
import warnings
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import FileFacts, Problem, Statement
from delink.sources.embedded import guarded
from delink.sources.python.quick import fallback_links, quick_reads, route

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["SOURCE", "PythonSource"]

_COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.Match,
)


# keyword arguments whose value is documentation: help texts and examples
# (``FieldSerializer(…, example={'MY_ENV_VARIABLE': '1'})``)
_MENTION_KEYWORDS = frozenset(
    {"help", "help_text", "description", "epilog", "usage", "example", "examples"}
)


def parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences and the like
        return ast.parse(text)


def extract_text(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    text = src.text
    how = route(text)
    if how is None:
        return
    if how == "quick":
        quick_reads(facts, src, ctx)
        return
    error: Exception
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        error = exc
    else:
        # a tree nested too deeply for the analysis is read like one that does not parse
        trial = FileFacts(facts.path, facts.language)
        try:
            _read_tree(trial, src, ctx, tree)
        except RecursionError as exc:
            error = exc
        else:
            for name, value in vars(trial).items():
                setattr(facts, name, value)
            return
    line = getattr(error, "lineno", None) or 1
    start = src.offset(line, 1)
    reason = getattr(error, "msg", None) or str(error)
    span = Span(src.path, start, src.line_end(start))
    if isinstance(error, (MemoryError, RecursionError)):
        reason = "nested too deeply"
    else:
        from delink.sources.python.tolerant import parse_tolerant

        tolerant = parse_tolerant(text)
        trial = FileFacts(facts.path, facts.language)
        try:
            if tolerant is not None:
                _read_tree(trial, src, ctx, tolerant, tolerant=True)
        except RecursionError:
            tolerant = None  # too deep for the analysis: the text scan below
        if tolerant is not None:
            for name, value in vars(trial).items():
                setattr(facts, name, value)
            facts.problems.insert(
                0,
                Problem(
                    span,
                    f"not valid Python 3 ({reason}, line {line}): read with a tolerant parser "
                    "(Python 2?); fixes in this file are shown, not applied",
                ),
            )
            return
    facts.problems.append(
        Problem(
            span,
            f"could not parse this file as Python 3 ({reason}, line {line}); only env var "
            "reads and `links=` arguments found in its text are reported",
        )
    )
    quick_reads(facts, src, ctx, ambiguous_only=False)
    fallback_links(facts, src)


def _read_tree(
    facts: FileFacts, src: SourceText, ctx: Context, tree: ast.Module, *, tolerant: bool = False
) -> None:
    from delink.sources.python.positions import Positions
    from delink.sources.python.reads import ReadFinder, docstrings, is_mention_call
    from delink.sources.python.scope import Resolver, analyse
    from delink.sources.python.sdk import SdkReader
    from delink.sources.python.shell import ShellStrings
    from delink.sources.python.syntax import PyCall, PyFile

    pos = Positions(src)
    analysis = analyse(tree)
    r = Resolver(analysis)
    pyfile = PyFile(tree, pos, r, analysis.parents, tolerant)
    facts.syntax = pyfile
    nodes = analysis.nodes
    calls = sorted(
        (n for n in nodes if isinstance(n, ast.Call)), key=lambda c: (c.lineno, c.col_offset)
    )

    sdk = SdkReader(facts, pyfile)
    sdk.run(calls)

    # mentions: docstrings, print/logging/raise/assert text
    docs = docstrings(nodes)
    mention: set[int] = set(docs)
    for n in nodes:
        holders: list[ast.AST] = []
        if isinstance(n, ast.Call) and is_mention_call(n):
            holders = [*n.args, *(k.value for k in n.keywords)]
        elif isinstance(n, ast.Raise) and n.exc is not None:
            holders = [n.exc]
        elif isinstance(n, ast.Assert) and n.msg is not None:
            holders = [n.msg]
        elif isinstance(n, ast.keyword) and n.arg in _MENTION_KEYWORDS:
            holders = [n.value]
        for h in holders:
            for x in ast.walk(h):
                mention.add(id(x))

    shells = ShellStrings(facts, src, pos, r, ctx)
    # the commands of SDK containers run inside them
    for c in list(facts.containers):
        syn = c.syntax
        if not isinstance(syn, PyCall) or syn.role not in ("run", "create", "api"):
            continue
        cmd = syn.args.get("command")
        node = (
            cmd.value if cmd is not None else (syn.call.args[1] if len(syn.call.args) > 1 else None)
        )
        if node is None:
            continue
        if isinstance(node, (ast.List, ast.Tuple)):
            shells.argv(node, c.key, command=True)
        elif shells.candidate(node):
            shells.string(node, c.key, command=True)
    for n in nodes:
        if id(n) in mention or id(n) in shells.done:
            continue
        if isinstance(n, (ast.List, ast.Tuple)):
            shells.argv(n)
        elif isinstance(n, ast.Call) and shells.appended(n):
            continue
        elif shells.candidate(n):
            if isinstance(n, ast.Constant) and id(n) in docs:
                continue
            shells.string(n)

    skip = set(docs) | sdk.env_keys | shells.done
    finder = ReadFinder(facts, pos, r, ctx, skip)
    finder.done |= shells.done
    finder.run(nodes, mention)
    facts.reads.sort(key=lambda x: (x.span.start, x.span.end))

    for n in nodes:
        if isinstance(n, ast.stmt) and not isinstance(n, _COMPOUND):
            facts.statements.append(Statement(pos.start(n), pos.end(n)))
    facts.statements.sort(key=lambda s: (s.start, s.end))


class PythonSource:
    language = "python"
    # a bug here must not stop the run
    extract = staticmethod(
        guarded(language, extract_text, "could not read this Python file completely")
    )

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        """The fixed text must parse with ``ast`` and libcst where the original did."""
        try:
            parse(before.text)
        except (SyntaxError, ValueError):
            return None
        try:
            parse(after.text)
        except (SyntaxError, ValueError) as exc:
            line = getattr(exc, "lineno", "?")
            reason = getattr(exc, "msg", exc)
            return f"the fixed text is not valid Python at {after.path}:{line}: {reason}"
        try:
            import libcst
        except ImportError:  # pragma: no cover - libcst is a dependency
            return None
        try:
            module = libcst.parse_module(after.text)
        except Exception as exc:
            return f"the fixed text does not parse with libcst: {type(exc).__name__}: {exc}"
        if module.code != after.text:
            return "the fixed text does not round-trip through libcst"
        return None


SOURCE = PythonSource()
