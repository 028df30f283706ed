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
import contextlib
import re
import warnings
from bisect import bisect_right
from typing import Any, TypeVar

__all__ = ["parse_tolerant"]

_NEWLINE = re.compile(rb"\r\n|\r|\n")
_LONE_CR = re.compile(rb"\r(?!\n)")
_BINOPS: dict[str, type[ast.operator]] = {
    "+": ast.Add,
    "-": ast.Sub,
    "*": ast.Mult,
    "/": ast.Div,
    "//": ast.FloorDiv,
    "%": ast.Mod,
    "**": ast.Pow,
    "<<": ast.LShift,
    ">>": ast.RShift,
    "&": ast.BitAnd,
    "|": ast.BitOr,
    "^": ast.BitXor,
    "@": ast.MatMult,
}
_CMPOPS: dict[str, type[ast.cmpop]] = {
    "<": ast.Lt,
    ">": ast.Gt,
    "==": ast.Eq,
    ">=": ast.GtE,
    "<=": ast.LtE,
    "!=": ast.NotEq,
    "<>": ast.NotEq,
    "in": ast.In,
    "not in": ast.NotIn,
    "is": ast.Is,
    "is not": ast.IsNot,
}
_UNARY: dict[str, type[ast.unaryop]] = {"-": ast.USub, "+": ast.UAdd, "~": ast.Invert}
_SKIP = frozenset({"comment", "line_continuation", ",", "(", ")", ":", ";"})
_SIMPLE = {
    "pass_statement": ast.Pass,
    "break_statement": ast.Break,
    "continue_statement": ast.Continue,
}
_COMPREHENSIONS = {
    "list_comprehension": ast.ListComp,
    "set_comprehension": ast.SetComp,
    "generator_expression": ast.GeneratorExp,
}

_PARSER: Any = None
N = TypeVar("N", bound=ast.AST)


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        import tree_sitter_python
        from tree_sitter import Language, Parser

        _PARSER = Parser(Language(tree_sitter_python.language()))
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


class _Converter:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(data)]

    # -- positions --------------------------------------------------------------------

    def _point(self, byte: int) -> tuple[int, int]:
        k = bisect_right(self.starts, byte) - 1
        return k + 1, byte - self.starts[k]

    def at(self, node: N, ts: Any, end: Any = None) -> N:
        line, col = self._point(ts.start_byte)
        end_line, end_col = self._point((end or ts).end_byte)
        node.lineno, node.col_offset = line, col  # type: ignore[attr-defined]
        node.end_lineno, node.end_col_offset = end_line, end_col  # type: ignore[attr-defined]
        return node

    def text(self, ts: Any) -> str:
        return self.data[ts.start_byte : ts.end_byte].decode("utf-8", "surrogatepass")

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
            opcls = _BINOPS.get(self.text(op)[:-1], ast.Add) if op is not None else ast.Add
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

    def arguments(self, ts: Any | None) -> ast.arguments:
        args: list[ast.arg] = []
        posonly: list[ast.arg] = []
        kwonly: list[ast.arg] = []
        defaults: list[ast.expr] = []
        kw_defaults: list[ast.expr | None] = []
        vararg: ast.arg | None = None
        kwarg: ast.arg | None = None
        star = False
        for p in ts.named_children if ts is not None else []:
            t = p.type
            if t == "positional_separator":
                posonly, args = args, []
                continue
            if t == "keyword_separator":
                star = True
                continue
            if t == "list_splat_pattern":
                vararg = self.arg(p.named_children[0] if p.named_children else p)
                star = True
                continue
            if t == "dictionary_splat_pattern":
                kwarg = self.arg(p.named_children[0] if p.named_children else p)
                continue
            default: ast.expr | None = None
            name_node = p
            if t in ("default_parameter", "typed_default_parameter"):
                name_node = p.child_by_field_name("name") or p
                value = p.child_by_field_name("value")
                default = self.expr(value) if value is not None else None
            elif t == "typed_parameter":
                name_node = p.named_children[0] if p.named_children else p
            a = self.arg(name_node)
            annotation = p.child_by_field_name("type")
            if annotation is not None:
                a.annotation = self.expr(annotation)
            if star:
                kwonly.append(a)
                kw_defaults.append(default)
            else:
                args.append(a)
                if default is not None:
                    defaults.append(default)
        return ast.arguments(
            posonlyargs=posonly,
            args=args,
            vararg=vararg,
            kwonlyargs=kwonly,
            kw_defaults=kw_defaults,
            kwarg=kwarg,
            defaults=defaults,
        )

    def arg(self, ts: Any) -> ast.arg:
        name = self.text(ts) if ts.type == "identifier" else "_"
        return self.at(ast.arg(arg=name, annotation=None, type_comment=None), ts)

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

    # -- expressions ------------------------------------------------------------------

    def none(self, ts: Any) -> ast.expr:
        node: ast.expr = self.at(ast.Constant(value=None), ts)
        return node

    def target(self, ts: Any | None, ctx: ast.expr_context | None = None) -> Any:
        node = self.expr(ts)
        _set_ctx(node, ctx or ast.Store())
        return node

    def expr(self, ts: Any | None) -> ast.expr:
        if ts is None:
            return ast.Constant(value=None)
        method = getattr(self, "e_" + ts.type, None)
        if method is None:
            return self.none(ts)
        node: ast.expr = method(ts)
        return node

    def e_identifier(self, ts: Any) -> ast.expr:
        return self.at(ast.Name(id=self.text(ts), ctx=ast.Load()), ts)

    def e_parenthesized_expression(self, ts: Any) -> ast.expr:
        return self._inner(ts)

    e_type = e_parenthesized_expression

    def _inner(self, ts: Any) -> ast.expr:
        kids = [c for c in ts.named_children if c.type != "comment"]
        return self.expr(kids[0]) if kids else self.none(ts)

    def e_generic_type(self, ts: Any) -> ast.expr:
        kids = ts.named_children
        params = next((k for k in kids if k.type == "type_parameter"), None)
        if not kids or params is None:
            return self.none(ts)
        subs = self._elts(params)
        index: ast.expr = subs[0] if len(subs) == 1 else ast.Tuple(elts=subs, ctx=ast.Load())
        if len(subs) > 1:
            _copy_span(index, subs[0], subs[-1])
        node = ast.Subscript(value=self.expr(kids[0]), slice=index, ctx=ast.Load())
        return self.at(node, ts)

    def e_union_type(self, ts: Any) -> ast.expr:
        kids = ts.named_children
        if len(kids) != 2:
            return self.none(ts)
        node = ast.BinOp(left=self.expr(kids[0]), op=ast.BitOr(), right=self.expr(kids[1]))
        return self.at(node, ts)

    def e_true(self, ts: Any) -> ast.expr:
        return self.at(ast.Constant(value=True), ts)

    def e_false(self, ts: Any) -> ast.expr:
        return self.at(ast.Constant(value=False), ts)

    def e_none(self, ts: Any) -> ast.expr:
        return self.none(ts)

    def e_ellipsis(self, ts: Any) -> ast.expr:
        return self.at(ast.Constant(value=...), ts)

    def e_integer(self, ts: Any) -> ast.expr:
        raw = self.text(ts).replace("_", "").rstrip("lL")
        value: Any = 0
        try:
            if raw[-1:] in "jJ":
                value = complex(raw)
            elif len(raw) > 1 and raw[0] == "0" and raw[1:].isdigit():
                value = int(raw, 8)  # Python 2 octal
            else:
                value = int(raw, 0)
        except (ValueError, IndexError):
            pass
        return self.at(ast.Constant(value=value), ts)

    def e_float(self, ts: Any) -> ast.expr:
        raw = self.text(ts).replace("_", "")
        value: Any = 0.0
        with contextlib.suppress(ValueError):
            value = complex(raw) if raw[-1:] in "jJ" else float(raw)
        return self.at(ast.Constant(value=value), ts)

    def e_attribute(self, ts: Any) -> ast.expr:
        attr = ts.child_by_field_name("attribute")
        node = ast.Attribute(
            value=self.expr(ts.child_by_field_name("object")),
            attr=self.text(attr) if attr is not None else "_",
            ctx=ast.Load(),
        )
        return self.at(node, ts)

    def e_call(self, ts: Any) -> ast.expr:
        func = self.expr(ts.child_by_field_name("function"))
        arguments = ts.child_by_field_name("arguments")
        args: list[ast.expr] = []
        keywords: list[ast.keyword] = []
        if arguments is not None and arguments.type == "generator_expression":
            args = [self.expr(arguments)]
        elif arguments is not None:
            args, keywords = self.call_arguments(arguments)
        return self.at(ast.Call(func=func, args=args, keywords=keywords), ts)

    def call_arguments(self, ts: Any) -> tuple[list[ast.expr], list[ast.keyword]]:
        return self.call_arguments_of(ts.named_children)

    def call_arguments_of(self, kids: list[Any]) -> tuple[list[ast.expr], list[ast.keyword]]:
        args: list[ast.expr] = []
        keywords: list[ast.keyword] = []
        for c in kids:
            if c.type == "comment" or not c.is_named:
                continue
            if c.type == "keyword_argument":
                name = c.child_by_field_name("name")
                kw = ast.keyword(
                    arg=self.text(name) if name is not None else None,
                    value=self.expr(c.child_by_field_name("value")),
                )
                keywords.append(self.at(kw, c))
            elif c.type == "dictionary_splat":
                kw = ast.keyword(arg=None, value=self._inner(c))
                keywords.append(self.at(kw, c))
            else:
                args.append(self.expr(c))
        return args, keywords

    def e_list_splat(self, ts: Any) -> ast.expr:
        return self.at(ast.Starred(value=self._inner(ts), ctx=ast.Load()), ts)

    e_list_splat_pattern = e_list_splat

    def _elts(self, ts: Any) -> list[ast.expr]:
        return [self.expr(c) for c in ts.named_children if c.type != "comment"]

    def e_list(self, ts: Any) -> ast.expr:
        return self.at(ast.List(elts=self._elts(ts), ctx=ast.Load()), ts)

    e_list_pattern = e_list

    def e_tuple(self, ts: Any) -> ast.expr:
        return self.at(ast.Tuple(elts=self._elts(ts), ctx=ast.Load()), ts)

    e_expression_list = e_pattern_list = e_tuple_pattern = e_tuple

    def e_set(self, ts: Any) -> ast.expr:
        return self.at(ast.Set(elts=self._elts(ts)), ts)

    def e_dictionary(self, ts: Any) -> ast.expr:
        keys: list[ast.expr | None] = []
        values: list[ast.expr] = []
        for c in ts.named_children:
            if c.type == "pair":
                keys.append(self.expr(c.child_by_field_name("key")))
                values.append(self.expr(c.child_by_field_name("value")))
            elif c.type == "dictionary_splat":
                keys.append(None)
                values.append(self._inner(c))
        return self.at(ast.Dict(keys=keys, values=values), ts)

    def e_string(self, ts: Any) -> ast.expr:
        if any(c.type == "interpolation" for c in ts.children):
            return self.at(ast.JoinedStr(values=self._fstring_values(ts)), ts)
        return self.at(ast.Constant(value=self._string_value(ts)), ts)

    def _string_value(self, ts: Any) -> Any:
        raw = self.text(ts)
        head = raw[: len(raw) - len(raw.lstrip("rRuUbBfF"))]
        if head[:1] == "`":
            return None  # Python 2 backticks: repr(x)
        if head.lower() in ("ur", "ru"):
            raw = raw[len(head) :]
            raw = "r" + raw
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ast.literal_eval(raw)
        except (ValueError, SyntaxError, MemoryError, TypeError):
            return "".join(self.text(c) for c in ts.children if c.type == "string_content")

    def _fstring_values(self, ts: Any) -> list[ast.expr]:
        out: list[ast.expr] = []
        for c in ts.children:
            if c.type == "string_content":
                out.append(self.at(ast.Constant(value=self.text(c)), c))
            elif c.type == "interpolation":
                expr = c.child_by_field_name("expression")
                conv = c.child_by_field_name("type_conversion")
                spec = c.child_by_field_name("format_specifier")
                fv = ast.FormattedValue(
                    value=self.expr(expr),
                    conversion=ord(self.text(conv)[-1]) if conv is not None else -1,
                    format_spec=self.at(ast.JoinedStr(values=[]), spec)
                    if spec is not None
                    else None,
                )
                out.append(self.at(fv, c))
        return out

    def e_concatenated_string(self, ts: Any) -> ast.expr:
        parts = [self.e_string(c) for c in ts.named_children if c.type == "string"]
        if all(isinstance(p, ast.Constant) for p in parts):
            values = [p.value for p in parts if isinstance(p, ast.Constant)]
            strs = [v for v in values if isinstance(v, str)]
            if len(strs) == len(values):
                return self.at(ast.Constant(value="".join(strs)), ts)
            raw = [v for v in values if isinstance(v, bytes)]
            if len(raw) == len(values):
                return self.at(ast.Constant(value=b"".join(raw)), ts)
            return self.none(ts)
        joined: list[ast.expr] = []
        for p in parts:
            joined += p.values if isinstance(p, ast.JoinedStr) else [p]
        return self.at(ast.JoinedStr(values=joined), ts)

    def e_binary_operator(self, ts: Any) -> ast.expr:
        op = ts.child_by_field_name("operator")
        node = ast.BinOp(
            left=self.expr(ts.child_by_field_name("left")),
            op=_BINOPS.get(self.text(op) if op is not None else "+", ast.Add)(),
            right=self.expr(ts.child_by_field_name("right")),
        )
        return self.at(node, ts)

    def e_unary_operator(self, ts: Any) -> ast.expr:
        op = ts.child_by_field_name("operator")
        node = ast.UnaryOp(
            op=_UNARY.get(self.text(op) if op is not None else "-", ast.USub)(),
            operand=self.expr(ts.child_by_field_name("argument")),
        )
        return self.at(node, ts)

    def e_not_operator(self, ts: Any) -> ast.expr:
        node = ast.UnaryOp(op=ast.Not(), operand=self.expr(ts.child_by_field_name("argument")))
        return self.at(node, ts)

    def e_boolean_operator(self, ts: Any) -> ast.expr:
        op = ts.child_by_field_name("operator")
        kind: type[ast.boolop] = ast.And if op is not None and op.type == "and" else ast.Or
        values = [self.expr(ts.child_by_field_name("left"))]
        values.append(self.expr(ts.child_by_field_name("right")))
        return self.at(ast.BoolOp(op=kind(), values=values), ts)

    def e_comparison_operator(self, ts: Any) -> ast.expr:
        operands: list[ast.expr] = []
        ops: list[ast.cmpop] = []
        for i, c in enumerate(ts.children):
            if ts.field_name_for_child(i) == "operators":
                word = " ".join(self.text(c).split())
                ops.append(_CMPOPS.get(word, ast.Eq)())
            elif c.is_named and c.type != "comment":
                operands.append(self.expr(c))
        if not operands:
            return self.none(ts)
        node = ast.Compare(left=operands[0], ops=ops, comparators=operands[1:])
        return self.at(node, ts)

    def e_conditional_expression(self, ts: Any) -> ast.expr:
        kids = [c for c in ts.named_children if c.type != "comment"]
        if len(kids) < 3:
            return self.none(ts)
        node = ast.IfExp(
            test=self.expr(kids[1]), body=self.expr(kids[0]), orelse=self.expr(kids[2])
        )
        return self.at(node, ts)

    def e_lambda(self, ts: Any) -> ast.expr:
        node = ast.Lambda(
            args=self.arguments(ts.child_by_field_name("parameters")),
            body=self.expr(ts.child_by_field_name("body")),
        )
        return self.at(node, ts)

    def e_subscript(self, ts: Any) -> ast.expr:
        subs = [
            self.e_slice(s) if s.type == "slice" else self.expr(s)
            for s in ts.children_by_field_name("subscript")
        ]
        index: ast.expr
        if len(subs) == 1:
            index = subs[0]
        else:
            index = ast.Tuple(elts=subs, ctx=ast.Load())
            if subs:
                _copy_span(index, subs[0], subs[-1])
        node = ast.Subscript(
            value=self.expr(ts.child_by_field_name("value")), slice=index, ctx=ast.Load()
        )
        return self.at(node, ts)

    def e_slice(self, ts: Any) -> ast.expr:
        parts: list[ast.expr | None] = [None, None, None]
        k = 0
        for c in ts.children:
            if c.type == ":":
                k += 1
            elif c.is_named and k < 3:
                parts[k] = self.expr(c)
        return self.at(ast.Slice(lower=parts[0], upper=parts[1], step=parts[2]), ts)

    def _generators(self, ts: Any) -> list[ast.comprehension]:
        gens: list[ast.comprehension] = []
        for c in ts.named_children:
            if c.type == "for_in_clause":
                is_async = any(x.type == "async" for x in c.children)
                gens.append(
                    ast.comprehension(
                        target=self.target(c.child_by_field_name("left")),
                        iter=self.expr(c.child_by_field_name("right")),
                        ifs=[],
                        is_async=int(is_async),
                    )
                )
            elif c.type == "if_clause" and gens:
                gens[-1].ifs += self._elts(c)
        return gens

    def e_list_comprehension(self, ts: Any) -> ast.expr:
        cls = _COMPREHENSIONS[ts.type]
        node = cls(elt=self.expr(ts.child_by_field_name("body")), generators=self._generators(ts))
        return self.at(node, ts)

    e_set_comprehension = e_generator_expression = e_list_comprehension

    def e_dictionary_comprehension(self, ts: Any) -> ast.expr:
        body = ts.child_by_field_name("body")
        key = body.child_by_field_name("key") if body is not None else None
        value = body.child_by_field_name("value") if body is not None else None
        node = ast.DictComp(
            key=self.expr(key), value=self.expr(value), generators=self._generators(ts)
        )
        return self.at(node, ts)

    def e_await(self, ts: Any) -> ast.expr:
        return self.at(ast.Await(value=self._inner(ts)), ts)

    def e_yield(self, ts: Any) -> ast.expr:
        kids = [c for c in ts.named_children if c.type != "comment"]
        value = self.expr(kids[0]) if kids else None
        if any(c.type == "from" for c in ts.children):
            return self.at(ast.YieldFrom(value=value or self.none(ts)), ts)
        return self.at(ast.Yield(value=value), ts)

    def e_named_expression(self, ts: Any) -> ast.expr:
        node = ast.NamedExpr(
            target=self.target(ts.child_by_field_name("name")),
            value=self.expr(ts.child_by_field_name("value")),
        )
        return self.at(node, ts)

    def e_keyword_argument(self, ts: Any) -> ast.expr:
        return self.expr(ts.child_by_field_name("value"))  # out of place (an ERROR node)

    def e_assignment(self, ts: Any) -> ast.expr:
        return self.expr(ts.child_by_field_name("right"))  # out of place (an ERROR node)


def _set_ctx(node: ast.AST, ctx: ast.expr_context) -> None:
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Starred)):
        node.ctx = ctx
    if isinstance(node, (ast.Tuple, ast.List)):
        node.ctx = ctx
        for e in node.elts:
            _set_ctx(e, ctx)
    if isinstance(node, ast.Starred):
        _set_ctx(node.value, ctx)


def _copy_span(node: ast.AST, first: ast.AST, last: ast.AST) -> None:
    node.lineno = first.lineno  # type: ignore[attr-defined]
    node.col_offset = first.col_offset  # type: ignore[attr-defined]
    node.end_lineno = last.end_lineno  # type: ignore[attr-defined]
    node.end_col_offset = last.end_col_offset  # type: ignore[attr-defined]
