"""tree-sitter-python expressions → ``ast`` (the base of :mod:`.tolerant`).

:class:`Expressions` holds what every part of the conversion needs: positions (``ast``'s
1-based line and UTF-8 byte column, lines split at ``\\n``, ``\\r\\n`` and ``\\r``), the
text of a node, and the expressions, call arguments and parameter lists. An expression
it does not know becomes ``None`` with its span, so nothing shifts.
"""

from __future__ import annotations

import ast
import contextlib
import re
import warnings
from bisect import bisect_right
from typing import Any, TypeVar

__all__ = ["BINOPS", "Expressions"]

_NEWLINE = re.compile(rb"\r\n|\r|\n")
BINOPS: dict[str, type[ast.operator]] = {
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
_COMPREHENSIONS = {
    "list_comprehension": ast.ListComp,
    "set_comprehension": ast.SetComp,
    "generator_expression": ast.GeneratorExp,
}
N = TypeVar("N", bound=ast.AST)


class Expressions:
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
            op=BINOPS.get(self.text(op) if op is not None else "+", ast.Add)(),
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
