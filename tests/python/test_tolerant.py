"""The tolerant parser (tree-sitter-python → ``ast``): the nodes and exact positions
``ast`` gives for Python 3, the nearest Python 3 form of Python 2 syntax."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from delink.sources.python.tolerant import parse_tolerant

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(
    p
    for p in [
        *ROOT.glob("fixtures/realworld/sdk-*/**/*.py"),
        *ROOT.glob("fixtures/sdk-*/**/*.py"),
        *ROOT.glob("delink/sources/python/sdk/*.py"),
    ]
    if "python2" not in p.as_posix()
)


def _shape(tree: ast.AST) -> set[tuple[object, ...]]:
    """Calls, attributes, keywords, dicts, assignments, definitions and stored names
    with their exact positions (annotations aside, which the reader never looks at)."""
    out: set[tuple[object, ...]] = set()
    # f-string parts: their positions differ between Python versions in ast itself
    parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for n in ast.walk(tree):
        if id(n) in parts:
            continue
        what: object = None
        if isinstance(n, ast.Call):
            what = (len(n.args), tuple(k.arg for k in n.keywords))
        elif isinstance(n, ast.Attribute):
            what = n.attr
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            what = n.id
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            what = n.value
        elif not isinstance(n, (ast.keyword, ast.Dict, ast.Assign, ast.FunctionDef)):
            continue
        pos = (n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)  # type: ignore[attr-defined]
        out.add((type(n).__name__, pos, what))
    return out


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_3_files_give_the_nodes_and_positions_of_ast(path: Path) -> None:
    text = path.read_text("utf-8")
    tree = parse_tolerant(text)
    assert tree is not None
    want, got = _shape(ast.parse(text)), _shape(tree)
    assert sorted(want - got) == [] and sorted(got - want) == []


def test_python_2_statements_become_their_python_3_forms() -> None:
    code = (
        "import os, docker as d\n"
        "print >>sys.stderr, 'no %s' % x, y\n"
        "exec 'x = 1'\n"
        "try:\n    pass\nexcept d.errors.APIError, err:\n    raise SystemExit, 'bad'\n"
        "mode = 0777 + 10L\n"
        "s = ur'\\d' + u'é'\n"
        "if a <> b: r = `a`\n"
    )
    tree = parse_tolerant(code)
    assert tree is not None
    body = tree.body
    assert isinstance(body[0], ast.Import)
    assert [(a.name, a.asname) for a in body[0].names] == [("os", None), ("docker", "d")]
    printed = body[1]
    assert isinstance(printed, ast.Expr) and isinstance(printed.value, ast.Call)
    assert ast.unparse(printed.value) == "print('no %s' % x, y)"
    assert ast.unparse(body[2]) == "exec('x = 1')"
    handler = body[3].handlers[0]  # type: ignore[attr-defined]
    assert (ast.unparse(handler.type), handler.name) == ("d.errors.APIError", "err")
    assert ast.unparse(handler.body[0]) == "raise SystemExit"
    assert ast.unparse(body[4]) == "mode = 511 + 10"
    assert ast.unparse(body[5]) == "s = '\\\\d' + 'é'"
    assert ast.unparse(body[6].test) == "a != b"  # type: ignore[attr-defined]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_are_utf8_columns_of_lines_split_as_python_does(newline: str) -> None:
    code = newline.join(["print 'héllo wörld'", "c.start('wéb', links={'db': 'db'})", ""])
    tree = parse_tolerant(code)
    assert tree is not None
    call = tree.body[1].value  # type: ignore[attr-defined]
    (kw,) = call.keywords
    line = "c.start('wéb', links={'db': 'db'})".encode()
    assert (kw.lineno, kw.col_offset, kw.end_col_offset) == (
        2,
        line.index(b"links"),
        len(line) - 1,
    )


def test_broken_code_keeps_what_it_can_and_deep_nesting_gives_up() -> None:
    tree = parse_tolerant("c.start(cid, links={'db': 'db'}\ndef (:\n")
    assert tree is not None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert [k.arg for c in calls for k in c.keywords] == ["links"]
    assert parse_tolerant("x = " + "-" * 20000 + "1\n") is None
