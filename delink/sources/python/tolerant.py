"""A tolerant parse for Python that ``ast`` rejects: tree-sitter-python → ``ast``.

Most docker SDK code of the link era is Python 2 (``print "…"``, ``except X, e:``,
``0777``, ``ur''``, backticks), which ``ast.parse`` refuses. tree-sitter-python reads it
(and recovers from real syntax errors with ``ERROR`` nodes); :func:`parse_tolerant`
turns its tree into the ``ast`` nodes the rest of the Python source reads, with exact
``ast`` positions (1-based line, UTF-8 byte column; lines split at ``\\n``, ``\\r\\n``
and ``\\r`` as :class:`~delink.sources.python.positions.Positions` expects).

What Python 2 adds becomes its nearest Python 3 form: ``print x`` and ``exec x`` are
calls, ``except X, e`` binds ``e``, ``raise E, "m"`` raises ``E``, ``0777``/``10L`` are
ints. Constructs delink never reads (``match``, type aliases) become ``pass``; an
unknown expression becomes ``None`` with its span, so nothing shifts. tree-sitter is
imported only here, and only when ``ast`` failed.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from delink.sources.python.tsexpr import BINOPS, Expressions

__all__ = ["parse_tolerant"]

_LONE_CR = re.compile(rb"\r(?!\n)")
_SKIP = frozenset({"comment", "line_continuation", ",", "(", ")", ":", ";"})
_SIMPLE = {
    "pass_statement": ast.Pass,
    "break_statement": ast.Break,
    "continue_statement": ast.Continue,
}

_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from tree_sitter import Language, Parser

        from delink.grammars import language

        _PARSER = Parser(Language(language("tree_sitter_python")))
    return _PARSER


def parse_tolerant(text: str) -> ast.Module | None:
    """The module as ``ast`` nodes, or None when tree-sitter-python is missing or the
    tree is too deep to convert."""
    try:
        parser = _parser()
    except ImportError:  # pragma: no cover - tree-sitter-python is a dependency
        return None
    data = text.encode("utf-8", "surrogatepass")
    # tree-sitter ends lines at \n only: a lone \r (old Mac files) becomes \n for it, one
    # byte for one, so offsets stay; positions come from the original lines
    tree = parser.parse(_LONE_CR.sub(b"\n", data) if b"\r" in data else data)
    try:
        return _Converter(data).module(tree.root_node)
    except RecursionError:
        return None


class _Converter(Expressions):
    # -- statements -------------------------------------------------------------------

    def module(self, root: Any) -> ast.Module:
        return ast.Module(body=self.body(root.children), type_ignores=[])

    def body(self, children: list[Any]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for c in children:
            out += self.stmt(c)
        return out

    def block(self, ts: Any | None) -> list[ast.stmt]:
        body = self.body(ts.named_children) if ts is not None else []
        if not body:
            p = ast.Pass()
            body = [self.at(p, ts) if ts is not None else p]
        return body

    def stmt(self, ts: Any) -> list[ast.stmt]:
        t = ts.type
        if t in _SKIP or not ts.is_named:
            return []
        method = getattr(self, "s_" + t, None)
        if method is not None:
            out: list[ast.stmt] = method(ts)
            return out
        if t in _SIMPLE:
            return [self.at(_SIMPLE[t](), ts)]
        if t == "ERROR":
            return self.error(ts)
        if t == "block":
            return self.body(ts.children)
        if t.endswith("_statement") or t.endswith("_definition") or t.endswith("_clause"):
            return [self.at(ast.Pass(), ts)]
        return [self.at(ast.Expr(value=self.expr(ts)), ts)]

    def error(self, ts: Any) -> list[ast.stmt]:
        """What a syntax error left: its statements, and calls whose closing parenthesis
        is missing (``f(a, links={…}`` then garbage) rebuilt from their flat pieces."""
        kids = ts.children
        out: list[ast.stmt] = []
        i = 0
        while i < len(kids):
            c = kids[i]
            if c.is_named and i + 1 < len(kids) and kids[i + 1].type == "(":
                j = i + 2
                while j < len(kids) and kids[j].type != ")":
                    j += 1
                args, keywords = self.call_arguments_of(kids[i + 2 : j])
                call = ast.Call(func=self.expr(c), args=args, keywords=keywords)
                end = kids[min(j, len(kids) - 1)]
                self.at(call, c, end)
                out.append(self.at(ast.Expr(value=call), c, end))
                i = j + 1
                continue
            out += self.stmt(c)
            i += 1
        return out

    def s_expression_statement(self, ts: Any) -> list[ast.stmt]:
        kids = ts.named_children
        if len(kids) == 1 and kids[0].type in ("assignment", "augmented_assignment"):
            return [self.assignment(kids[0], ts)]
        if len(kids) == 1:
            return [self.at(ast.Expr(value=self.expr(kids[0])), ts)]
        elts = [self.expr(k) for k in kids if k.type != "comment"]
        return [self.at(ast.Expr(value=self.at(ast.Tuple(elts=elts, ctx=ast.Load()), ts)), ts)]

    def assignment(self, ts: Any, stmt: Any) -> ast.stmt:
        left = ts.child_by_field_name("left")
        right = ts.child_by_field_name("right")
        if ts.type == "augmented_assignment":
            op = ts.child_by_field_name("operator")
            opcls = BINOPS.get(self.text(op)[:-1], ast.Add) if op is not None else ast.Add
            return self.at(
                ast.AugAssign(target=self.target(left), op=opcls(), value=self.expr(right)), stmt
            )
        annotation = ts.child_by_field_name("type")
        if annotation is not None:
            value = self.expr(right) if right is not None else None
            return self.at(
                ast.AnnAssign(
                    target=self.target(left),
                    annotation=self.expr(annotation),
                    value=value,
                    simple=int(left is not None and left.type == "identifier"),
                ),
                stmt,
            )
        targets = [self.target(left)]
        while right is not None and right.type == "assignment":
            targets.append(self.target(right.child_by_field_name("left")))
            right = right.child_by_field_name("right")
        value = self.expr(right) if right is not None else self.none(ts)
        return self.at(ast.Assign(targets=targets, value=value), stmt)

    def s_print_statement(self, ts: Any) -> list[ast.stmt]:
        args = [self.expr(a) for a in ts.children_by_field_name("argument")]
        return [self.at(ast.Expr(value=self.call_of("print", ts, args)), ts)]

    def s_exec_statement(self, ts: Any) -> list[ast.stmt]:
        args = [self.expr(a) for a in ts.named_children if a.type != "comment"][:1]
        return [self.at(ast.Expr(value=self.call_of("exec", ts, args)), ts)]

    def call_of(self, name: str, ts: Any, args: list[ast.expr]) -> ast.Call:
        func = ast.Name(id=name, ctx=ast.Load())
        self.at(func, ts.children[0])
        return self.at(ast.Call(func=func, args=args, keywords=[]), ts)

    def s_import_statement(self, ts: Any) -> list[ast.stmt]:
        names = [self.alias(n) for n in ts.children_by_field_name("name")]
        return [self.at(ast.Import(names=names), ts)]

    def s_import_from_statement(self, ts: Any) -> list[ast.stmt]:
        mod = ts.child_by_field_name("module_name")
        level = 0
        module: str | None = None
        if mod is not None and mod.type == "relative_import":
            for c in mod.children:
                if c.type == "import_prefix":
                    level = self.text(c).count(".")
                elif c.type == "dotted_name":
                    module = self.dotted(c)
        elif mod is not None:
            module = self.dotted(mod)
        names = [self.alias(n) for n in ts.children_by_field_name("name")]
        if any(c.type == "wildcard_import" for c in ts.children):
            names = [self.at(ast.alias(name="*", asname=None), ts)]
        return [self.at(ast.ImportFrom(module=module, names=names, level=level), ts)]

    def s_future_import_statement(self, ts: Any) -> list[ast.stmt]:
        names = [self.alias(n) for n in ts.children_by_field_name("name")]
        return [self.at(ast.ImportFrom(module="__future__", names=names, level=0), ts)]

    def dotted(self, ts: Any) -> str:
        return "".join(self.text(c) for c in ts.children if c.type in ("identifier", "."))

    def alias(self, ts: Any) -> ast.alias:
        if ts.type == "aliased_import":
            name = ts.child_by_field_name("name")
            asname = ts.child_by_field_name("alias")
            return self.at(
                ast.alias(
                    name=self.dotted(name) if name is not None else "",
                    asname=self.text(asname) if asname is not None else None,
                ),
                ts,
            )
        return self.at(ast.alias(name=self.dotted(ts), asname=None), ts)

    def s_decorated_definition(self, ts: Any) -> list[ast.stmt]:
        definition = ts.child_by_field_name("definition")
        if definition is None:
            return []
        out = self.stmt(definition)
        decorators = [
            self.expr(d.named_children[0])
            for d in ts.children
            if d.type == "decorator" and d.named_children
        ]
        for s in out:
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                s.decorator_list = decorators
        return out

    def s_function_definition(self, ts: Any) -> list[ast.stmt]:
        name = ts.child_by_field_name("name")
        params = ts.child_by_field_name("parameters")
        returns = ts.child_by_field_name("return_type")
        is_async = any(c.type == "async" for c in ts.children)
        cls = ast.AsyncFunctionDef if is_async else ast.FunctionDef
        fn = cls(
            name=self.text(name) if name is not None else "_",
            args=self.arguments(params),
            body=self.block(ts.child_by_field_name("body")),
            decorator_list=[],
            returns=self.expr(returns) if returns is not None else None,
            type_comment=None,
        )
        return [self.at(fn, ts)]

    def s_class_definition(self, ts: Any) -> list[ast.stmt]:
        name = ts.child_by_field_name("name")
        supers = ts.child_by_field_name("superclasses")
        bases: list[ast.expr] = []
        keywords: list[ast.keyword] = []
        if supers is not None:
            bases, keywords = self.call_arguments(supers)
        cls = ast.ClassDef(
            name=self.text(name) if name is not None else "_",
            bases=bases,
            keywords=keywords,
            body=self.block(ts.child_by_field_name("body")),
            decorator_list=[],
        )
        return [self.at(cls, ts)]

    def s_if_statement(self, ts: Any) -> list[ast.stmt]:
        orelse: list[ast.stmt] = []
        for alt in reversed(ts.children_by_field_name("alternative")):
            if alt.type == "else_clause":
                orelse = self.block(alt.child_by_field_name("body"))
            else:
                node = ast.If(
                    test=self.expr(alt.child_by_field_name("condition")),
                    body=self.block(alt.child_by_field_name("consequence")),
                    orelse=orelse,
                )
                orelse = [self.at(node, alt)]
        node = ast.If(
            test=self.expr(ts.child_by_field_name("condition")),
            body=self.block(ts.child_by_field_name("consequence")),
            orelse=orelse,
        )
        return [self.at(node, ts)]

    def _else(self, ts: Any) -> list[ast.stmt]:
        alt = ts.child_by_field_name("alternative")
        return self.block(alt.child_by_field_name("body")) if alt is not None else []

    def s_for_statement(self, ts: Any) -> list[ast.stmt]:
        is_async = any(c.type == "async" for c in ts.children)
        cls = ast.AsyncFor if is_async else ast.For
        node = cls(
            target=self.target(ts.child_by_field_name("left")),
            iter=self.expr(ts.child_by_field_name("right")),
            body=self.block(ts.child_by_field_name("body")),
            orelse=self._else(ts),
            type_comment=None,
        )
        return [self.at(node, ts)]

    def s_while_statement(self, ts: Any) -> list[ast.stmt]:
        node = ast.While(
            test=self.expr(ts.child_by_field_name("condition")),
            body=self.block(ts.child_by_field_name("body")),
            orelse=self._else(ts),
        )
        return [self.at(node, ts)]

    def s_try_statement(self, ts: Any) -> list[ast.stmt]:
        handlers: list[ast.ExceptHandler] = []
        orelse: list[ast.stmt] = []
        final: list[ast.stmt] = []
        for c in ts.children:
            if c.type in ("except_clause", "except_group_clause"):
                handlers.append(self.handler(c))
            elif c.type == "else_clause":
                orelse = self.block(c.child_by_field_name("body"))
            elif c.type == "finally_clause":
                final = self.block(next((x for x in c.children if x.type == "block"), None))
        node = ast.Try(
            body=self.block(ts.child_by_field_name("body")),
            handlers=handlers,
            orelse=orelse,
            finalbody=final,
        )
        return [self.at(node, ts)]

    def handler(self, ts: Any) -> ast.ExceptHandler:
        kids = [c for c in ts.named_children if c.type not in ("block", "comment")]
        body = next((c for c in ts.children if c.type == "block"), None)
        typ: ast.expr | None = None
        name: str | None = None
        if kids and kids[0].type == "as_pattern":
            inner = kids[0].named_children
            typ = self.expr(inner[0]) if inner else None
            alias = kids[0].child_by_field_name("alias")
            if alias is not None:
                name = self.text(alias).strip()
        elif kids:
            typ = self.expr(kids[0])
            if len(kids) > 1 and kids[1].type == "identifier":  # except X, e:
                name = self.text(kids[1])
        node = ast.ExceptHandler(type=typ, name=name, body=self.block(body))
        return self.at(node, ts)

    def s_with_statement(self, ts: Any) -> list[ast.stmt]:
        items: list[ast.withitem] = []
        for clause in ts.children:
            if clause.type != "with_clause":
                continue
            for item in clause.named_children:
                value = item.child_by_field_name("value") or item
                target: ast.expr | None = None
                if value.type == "as_pattern":
                    alias = value.child_by_field_name("alias")
                    inner = value.named_children
                    if alias is not None and alias.named_children:
                        target = self.target(alias.named_children[0])
                    value = inner[0] if inner else value
                items.append(ast.withitem(context_expr=self.expr(value), optional_vars=target))
        is_async = any(c.type == "async" for c in ts.children)
        cls = ast.AsyncWith if is_async else ast.With
        node = cls(items=items, body=self.block(ts.child_by_field_name("body")), type_comment=None)
        return [self.at(node, ts)]

    def s_return_statement(self, ts: Any) -> list[ast.stmt]:
        kids = [c for c in ts.named_children if c.type != "comment"]
        value = self.expr(kids[0]) if kids else None
        return [self.at(ast.Return(value=value), ts)]

    def s_raise_statement(self, ts: Any) -> list[ast.stmt]:
        kids = [c for c in ts.named_children if c.type != "comment"]
        exc: ast.expr | None = None
        if kids:
            first = kids[0]
            # raise E, "message" (Python 2): the exception class is what is raised
            if first.type == "expression_list" and first.named_children:
                first = first.named_children[0]
            exc = self.expr(first)
        cause = ts.child_by_field_name("cause")
        node = ast.Raise(exc=exc, cause=self.expr(cause) if cause is not None else None)
        return [self.at(node, ts)]

    def s_global_statement(self, ts: Any) -> list[ast.stmt]:
        names = [self.text(c) for c in ts.named_children if c.type == "identifier"]
        return [self.at(ast.Global(names=names), ts)]

    def s_nonlocal_statement(self, ts: Any) -> list[ast.stmt]:
        names = [self.text(c) for c in ts.named_children if c.type == "identifier"]
        return [self.at(ast.Nonlocal(names=names), ts)]

    def s_delete_statement(self, ts: Any) -> list[ast.stmt]:
        targets: list[ast.expr] = []
        for c in ts.named_children:
            parts = c.named_children if c.type == "expression_list" else [c]
            targets += [self.target(p, ast.Del()) for p in parts]
        return [self.at(ast.Delete(targets=targets), ts)]

    def s_assert_statement(self, ts: Any) -> list[ast.stmt]:
        kids = [c for c in ts.named_children if c.type != "comment"]
        if not kids:
            return []
        msg = self.expr(kids[1]) if len(kids) > 1 else None
        return [self.at(ast.Assert(test=self.expr(kids[0]), msg=msg), ts)]
