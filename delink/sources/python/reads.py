r"""Link env var reads in Python code, and link-shaped names set by hand.

Reads (:class:`~delink.facts.EnvRead`, language ``python``):

* ``os.environ['X']``, ``os.environ.get('X')`` (also ``.pop``, ``.setdefault``),
  ``os.getenv('X')``, ``'X' in os.environ``, with ``os``/``environ``/``getenv`` however
  imported (``from os import environ as env``);
* a call whose first argument is the name: ``env('X')`` (a settings helper, wherever it
  comes from), ``config('X')``; for the ambiguous shapes ``X_PORT`` / ``X_NAME`` only
  when the function's dotted name contains ``env`` (``env``, ``getenv``, ``env.str``);
* the key can be a constant, a name bound once to a constant, or a name *built* at run
  time: an f-string, ``%`` or ``.format`` of a literal, ``x + '_PORT_…'``. Parts delink
  resolves (constants in scope, ``.upper()``) are substituted; when some part is not
  known the read is ``built`` and its name shows the part as ``{LABEL}``
  (``f'{alias.upper()}_ENV_{name}'`` → ``{ALIAS}_ENV_{NAME}``). A name built entirely
  from known parts is an ordinary read with its real name (``'{0}_NAME'.format(p)``
  with ``p = 'mylink1'.upper()`` → ``MYLINK1_NAME``), so the planner writes it;
* a formatted string (f-string, ``%``, ``.format``, ``+``) anywhere whose text builds a
  link var name around a computed part (``'{0}_ENV_FOO=1'.format(prefix) in logs``);
* a string literal that is exactly an unambiguous link var name, anywhere else
  (``names = ['DB_PORT_5432_TCP_ADDR']``): an indirect read, as in the other languages;
* the *shape* of link var names, spelled where the port or protocol is computed
  (``'{}_PORT_{}_TCP_ADDR'.format(alias, port)``, ``'%s_PORT_%d_TCP' % …``, f-strings)
  or matched by a regular expression or a glob (``re.match(r'(\w+)_PORT_(\d+)_TCP',
  k)``, ``k.endswith('_PORT_5432_TCP_ADDR')``): a *pattern* read (``pattern=True``) named
  after the shape, ``*_PORT_*_TCP_ADDR``, at the literal that spells it; ``built`` tells a
  name the code builds from one that it matches.

Setters, not reads: the keys of a dict literal that sets env (an ``environment=`` /
``env=`` argument, ``os.environ.update({…})``, a dict assigned to a name with ``env`` in
it) are :class:`~delink.facts.EnvSet` s; dict keys in test files (expected env) are
neither, and so are the keys of dict literals in test functions and classes of other
modules (``def test_env(): return {…}``); a key looked up in a dict literal of the file
(``TEST_ENV['DB_PORT_6379_TCP_ADDR']``) is no env read. A built name of an ambiguous
shape (``X_PORT`` / ``X_NAME``) is a read only when one computed part is the whole
prefix (``'%s_NAME' % alias``), not a key built for another tool's own variables
(``'{}_{}_PORT'.format(service, port)``).

An env accessor of an ambiguous name (``os.getenv('REDIS_NAME')``) in a file that declares
a link with that alias is the launcher's own setting: that code runs outside the
container the link is for.

Not reads (mentions): docstrings, and the text of ``print``/logging/``warnings.warn``
calls and of ``raise`` — except real accessor calls inside them. Dict keys of an SDK
``environment=`` are settings (shims), and so is ``os.environ['X'] = …``.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import EnvRead, EnvSet, FileFacts
from delink.model import LinkVar, env_prefix, is_unambiguous_link_var, parse_link_var
from delink.sources.python.strings import Hole, Piece, Template, decode, format_holes, percent_holes

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.sources.python.positions import Positions
    from delink.sources.python.scope import Resolver

__all__ = ["ReadFinder", "docstrings", "is_mention_call", "template_of"]

_TOKEN = re.compile(r"(?:[A-Z0-9_]|\{[A-Z0-9_]*\})+")
# a rendered name whose port or protocol is computed: the link shape with holes
_HOLE = r"\{[A-Z0-9_]*\}"
_BUILT_SHAPE = re.compile(
    rf"(?P<prefix>(?:[A-Z0-9_]|{_HOLE})+?)_PORT_(?P<port>[0-9]+|{_HOLE})_"
    rf"(?P<proto>TCP|UDP|SCTP|{_HOLE})(?P<field>_ADDR|_PORT|_PROTO|_START|_PORT_START|_END"
    r"|_PORT_END)?"
)
# the shape in a regular expression or a glob: a port that is a digit class, a group or
# a wildcard; a protocol that is literal or matched
_RE_PORT = r"(?:\\d(?:[+*]|\{[0-9,]*\})?|\[0-9\][+*]?|\(\?P<\w+>[^)]*\)|\([^)]*\)|\.[*+]|\*)"
_REGEX_SHAPE = re.compile(
    rf"_PORT_{_RE_PORT}_(?P<proto>TCP|UDP|SCTP|\(|\[|\\w|\.|\*)"
    r"(?:[^_]*?(?P<field>_ADDR|_PORT|_PROTO)\b)?"
)
_SUFFIX_SHAPE = re.compile(
    r"_PORT_[0-9]{1,5}_(?:TCP|UDP|SCTP)(?:_ADDR|_PORT|_PROTO|_START|_END|_PORT_START|_PORT_END)?"
)
_REGEX_ENV = re.compile(r"(?:\\w[+*]|\[[^\]]*\][+*]|\.[*+]|\*|\))_ENV_")
_ENV_KWARGS = frozenset({"environment", "env", "environ", "env_vars", "extra_env"})
_MENTION_FUNCS = frozenset(
    {
        "print",
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
        "echo",
        "secho",
        "fail",
        "skip",
    }
)
_ENVIRON_METHODS = frozenset({"get", "pop", "setdefault", "__getitem__"})


_MARKERS = ("_PORT", "_NAME", "_ENV")


def literal_parts(node: ast.AST, depth: int = 0) -> list[str]:
    """The literal text of a string expression's own constants (an f-string's parts, both
    sides of ``+``/``%``, a ``.format`` template): a cheap test before decoding."""
    if depth > 8:
        return []
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        return [
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        ]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return literal_parts(node.left, depth + 1) + literal_parts(node.right, depth + 1)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return literal_parts(node.func.value, depth + 1)
    return []


def has_marker(node: ast.AST) -> bool:
    return any(m in part for part in literal_parts(node) for m in _MARKERS)


def docstrings(nodes: list[ast.AST]) -> set[int]:
    """ids of the docstring constants of the module, its classes and functions."""
    out: set[int] = set()
    for node in nodes:
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                out.add(id(body[0].value))
    return out


def is_mention_call(call: ast.Call) -> bool:
    """``print(…)``, ``log.info(…)``, ``warnings.warn(…)``, ``click.echo(…)``."""
    f = call.func
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
    return name in _MENTION_FUNCS


_STR_METHODS = frozenset({"upper", "lower", "strip", "lstrip", "rstrip", "title", "capitalize"})


def label(node: ast.AST | str) -> str:
    """An upper-case placeholder name for a computed part, from its identifiers only:
    ``alias.upper()`` → ``ALIAS``, ``self.prefix`` → ``PREFIX``, ``cfg['x']`` → ``CFG``."""
    if isinstance(node, str):
        try:
            node = ast.parse(node, mode="eval").body
        except SyntaxError:
            return "X"
    word = _label_word(node)
    return re.sub(r"[^A-Za-z0-9_]", "_", word).upper() or "X"


def _label_word(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _STR_METHODS:
            return _label_word(f.value)
        return _label_word(f)
    if isinstance(node, ast.Subscript):
        return _label_word(node.value)
    if isinstance(node, ast.Starred):
        return _label_word(node.value)
    return "X"


def template_of(node: ast.AST, pos: Positions, r: Resolver, depth: int = 0) -> Template | None:
    """The string ``node`` evaluates to, as literal characters and holes."""
    if depth > 8:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        pieces = decode(pos.text, pos.start(node), pos.end(node))
        return Template(list(pieces)) if pieces is not None else None
    if isinstance(node, ast.JoinedStr):
        pieces = decode(pos.text, pos.start(node), pos.end(node))
        if pieces is None:
            return None
        fields = [v for v in node.values if isinstance(v, ast.FormattedValue)]
        nfields = sum(1 for p in pieces if p.field)
        items: list[Piece | Hole] = []
        k = 0
        for p in pieces:
            if not p.field:
                items.append(p)
                continue
            fv = fields[k] if nfields == len(fields) else None
            k += 1
            value = None
            if fv is not None and fv.conversion in (-1, 115) and fv.format_spec is None:
                value = r.string(fv.value)
            items.append(
                Hole(label(fv.value) if fv is not None else label(p.text), p.start, p.end, value)
            )
        return Template(items)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        left = node.left
        if not (isinstance(left, ast.Constant) and isinstance(left.value, str)):
            return None
        pieces = decode(pos.text, pos.start(left), pos.end(left))
        if pieces is None:
            return None
        right = node.right
        elts = list(right.elts) if isinstance(right, ast.Tuple) else [right]
        keyed: dict[ast.expr | None, ast.expr] = {}
        if isinstance(right, ast.Dict):
            keyed = dict(zip(right.keys, right.values, strict=False))

        def pvalue(key: int | str) -> tuple[str, str | None]:
            if isinstance(key, str):
                for k, v in keyed.items():
                    if isinstance(k, ast.Constant) and k.value == key:
                        return label(v), _text(v, r)
                return key.upper() or "X", None
            if key < len(elts):
                return label(elts[key]), _text(elts[key], r)
            return "X", None

        tpl = percent_holes(pieces, pvalue)
        return tpl
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        base = node.func.value
        pieces = decode(pos.text, pos.start(base), pos.end(base))
        if pieces is None:
            return None
        kws = {k.arg: k.value for k in node.keywords if k.arg}

        def fvalue(key: int | str) -> tuple[str, str | None]:
            if isinstance(key, int):
                if key < len(node.args):
                    return label(node.args[key]), _text(node.args[key], r)
                return str(key), None
            if key in kws:
                return label(kws[key]), _text(kws[key], r)
            return key.upper(), None

        return format_holes(pieces, fvalue)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        lt = template_of(node.left, pos, r, depth + 1) or _hole(node.left, pos, r)
        rt = template_of(node.right, pos, r, depth + 1) or _hole(node.right, pos, r)
        return lt + rt
    return None


def _text(node: ast.AST, r: Resolver) -> str | None:
    """A formatting argument's text when constant: a string, or an int (a port)."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return str(node.value)
    return r.string(node)


def _hole(node: ast.AST, pos: Positions, r: Resolver) -> Template:
    return Template([Hole(label(node), pos.start(node), pos.end(node), r.string(node))])


def _placeholder(h: Hole) -> str:
    return "{" + h.label + "}"


def name_of(tpl: Template) -> tuple[str, Span | None, bool] | None:
    """The whole template as one env var name: (name, None, built) when it is one."""
    text = "".join(ch for ch, _, _, _ in tpl.chars(_placeholder))
    if not _TOKEN.fullmatch(text):
        return None
    built = any(h.value is None for h in tpl.holes)
    return text, None, built


def shape_var(name: str) -> LinkVar | None:
    """``parse_link_var`` of a rendered name, its holes' labels hidden: a hole never
    brings a marker (``{_TO_ENV_VAR_NAME}`` is not an ``_ENV_``)."""
    return parse_link_var(re.sub(_HOLE, "{X}", name) if "{" in name else name)


def built_shape(name: str) -> str | None:
    """``*_PORT_*_TCP_ADDR`` for a rendered name whose port or protocol is a hole."""
    m = _BUILT_SHAPE.fullmatch(name)
    if m is None or ("{" not in m["port"] and "{" not in m["proto"]):
        return None
    prefix = re.sub(_HOLE, "*", m["prefix"])
    port = "*" if "{" in m["port"] else m["port"]
    proto = "*" if "{" in m["proto"] else m["proto"]
    return f"{prefix}_PORT_{port}_{proto}{m['field'] or ''}"


def pattern_shape(value: str) -> str | None:
    """The link var names a regular expression, a glob or a name suffix matches:
    ``*_PORT_*_TCP`` for ``r'(\\w+)_PORT_(\\d+)_TCP'``, ``*_ENV_*`` for ``r'^\\w+_ENV_'``."""
    if "_PORT_" in value:
        if _SUFFIX_SHAPE.fullmatch(value):
            return "*" + value
        m = _REGEX_SHAPE.search(value)
        if m is not None:
            proto = m["proto"] if m["proto"] in ("TCP", "UDP", "SCTP") else "*"
            return f"*_PORT_*_{proto}{m['field'] or ''}"
    if "_ENV_" in value and _REGEX_ENV.search(value):
        return "*_ENV_*"
    return None


def is_test_path(path: str) -> bool:
    """A test module: ``test_*.py``, ``*_test.py``, ``*_tests.py``, ``tests.py``,
    ``conftest.py`` or under ``tests/``."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return (
        name.startswith("test_")
        or name.endswith(("_test.py", "_tests.py"))
        or name in ("conftest.py", "tests.py", "test.py")
        or any(p in ("tests", "test", "testing") for p in parts[:-1])
    )


def built_names(tpl: Template) -> list[tuple[str, int, int, bool]]:
    """Link var names inside a formatted string that include a computed part:
    (name, host start, host end, built)."""
    chars = list(tpl.chars(_placeholder))
    text = "".join(c for c, _, _, _ in chars)
    out = []
    for m in _TOKEN.finditer(text):
        part = chars[m.start() : m.end()]
        holes = [h for _, _, _, h in part if h is not None]
        if not holes:
            continue  # every character is literal: a mention inside a formatted string
        name = m.group()
        shape = built_shape(name)
        if shape is not None:
            out.append((shape, part[0][1], part[-1][2], True))
            continue
        var = shape_var(name)
        if var is None:
            continue
        built = any(h.value is None for h in holes)
        out.append((name, part[0][1], part[-1][2], built))
    return out


class ReadFinder:
    def __init__(
        self,
        facts: FileFacts,
        pos: Positions,
        r: Resolver,
        ctx: Context,
        skip: set[int],
    ) -> None:
        self.facts = facts
        self.pos = pos
        self.r = r
        self.ctx = ctx
        self.skip = skip  # ids of constants that are not reads (env keys, docstrings)
        self.done: set[int] = set()  # nodes already looked at as part of a read
        self._seen: set[tuple[str, int, int]] = set()
        self._prefixes: set[str] | None = None

    def _read(
        self, name: str, start: int, end: int, *, built: bool = False, indirect: bool = False
    ) -> None:
        span = Span(self.pos.path, start, max(start, end))
        if (name, span.start, span.end) in self._seen:
            return
        self._seen.add((name, span.start, span.end))
        if name.startswith("*") or "_*" in name:
            self.facts.reads.append(EnvRead(name, span, "python", built=built, pattern=True))
            return
        var = shape_var(name)
        if var is None:
            return
        if var.ambiguous and not built and var.prefix not in self.ctx.known_prefixes:
            return
        if var.ambiguous and built and name.count("{") != 1:
            return  # '{}_{}_PORT': another tool's own variable, not the link shape
        self.facts.reads.append(EnvRead(name, span, "python", None, indirect, built))

    def key(self, node: ast.AST, *, ambiguous_ok: bool, setting: bool = False) -> bool:
        """``node`` is the name argument of an env accessor; True when it was a name."""
        self._mark(node)
        if isinstance(node, (ast.Name, ast.Attribute)):
            value = self.r.string(node)
            if value is None:
                return False
            # the constant the name is bound to is this read, not another one
            scope = self.r.scope(node)
            bindings = (
                self.r.lookup(node.id, scope)
                if isinstance(node, ast.Name)
                else self.r.attr_bindings(node, scope) or []
            )
            for b in bindings:
                if b.value is not None:
                    self._mark(b.value)
            start, end = self.pos.start(node), self.pos.end(node)
            # a name bound once to the literal: the read is where the name is spelled,
            # one dependency however many accessors use it
            spelled = bindings[0].value if len(bindings) == 1 else None
            if not setting and isinstance(spelled, ast.Constant):
                pieces = decode(self.pos.text, self.pos.start(spelled), self.pos.end(spelled))
                if pieces and "".join(p.text for p in pieces) == value:
                    start, end = pieces[0].start, pieces[-1].end
            return self._name(value, start, end, False, ambiguous_ok, setting)
        tpl = template_of(node, self.pos, self.r)
        if tpl is None or not tpl.items:
            return False
        got = name_of(tpl)
        if got is None:
            return False
        name, _, built = got
        return self._name(name, tpl.start, tpl.end, built, ambiguous_ok, setting)

    def _name(
        self, name: str, start: int, end: int, built: bool, ambiguous_ok: bool, setting: bool
    ) -> bool:
        shape = built_shape(name) if built and not setting else None
        if shape is not None:
            self._read(shape, start, end, built=True)
            return True
        var = shape_var(name)
        if var is None:
            return False
        if var.ambiguous and not ambiguous_ok:
            return False
        if setting:
            if not var.ambiguous:
                self.facts.env_sets.append(
                    EnvSet(name, Span(self.pos.path, start, max(start, end)))
                )
            return True
        if var.ambiguous and var.prefix in self._launched_prefixes():
            # ``os.getenv('REDIS_NAME')`` in the code that starts a container with the link
            # alias ``redis``: that code runs outside the container, so the variable is its
            # own setting (the name of the redis container), not the link's
            return True
        self._read(name, start, end, built=built)
        return True

    def _launched_prefixes(self) -> set[str]:
        """Env prefixes of the aliases of links this file declares."""
        if self._prefixes is None:
            self._prefixes = {
                env_prefix(x.alias.literal)
                for x in self.facts.links
                if x.alias is not None and x.alias.literal
            }
        return self._prefixes

    def _mark(self, node: ast.AST) -> None:
        for n in ast.walk(node):
            self.done.add(id(n))

    # -- the walk ------------------------------------------------------------------------

    def run(self, nodes: list[ast.AST], mention: set[int]) -> None:
        for node in nodes:
            if isinstance(node, ast.Subscript):
                self.subscript(node)
            elif isinstance(node, ast.Call):
                self.call(node)
            elif isinstance(node, ast.Compare):
                self.compare(node)
        for node in nodes:
            if id(node) in self.done or id(node) in mention:
                continue
            if isinstance(node, (ast.JoinedStr, ast.BinOp, ast.Call)):
                self.formatted(node)
        for node in nodes:
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in self.done
                and id(node) not in self.skip
                and id(node) not in mention
            ):
                self.literal(node)

    def _environ(self, node: ast.AST) -> bool:
        return self.r.kind(node).tag == "environ"

    def subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        if self._environ(node.value):
            self.key(key, ambiguous_ok=True, setting=isinstance(node.ctx, ast.Store))

    def call(self, node: ast.Call) -> None:
        func = node.func
        first = node.args[0] if node.args else None
        if first is None:
            kw = next((k for k in node.keywords if k.arg in ("key", "name", "var")), None)
            first = kw.value if kw is not None else None
        if first is None or isinstance(first, (ast.Starred, ast.Dict)):
            return
        if (
            isinstance(func, ast.Attribute)
            and func.attr in _ENVIRON_METHODS
            and self._environ(func.value)
        ):
            self.key(first, ambiguous_ok=True)
            return
        k = self.r.kind(func)
        if k.tag == "func" and k.path == "os.getenv":
            self.key(first, ambiguous_ok=True)
            return
        if is_mention_call(node):
            return
        if isinstance(first, ast.Constant) and id(first) in self.skip:
            return
        if isinstance(func, ast.Attribute) and self._dict_of_file(func.value):
            return  # TEST_ENV.get('X'): a lookup in a dict literal of this file
        if "env" in _dotted(func).lower():
            self.key(first, ambiguous_ok=True)
            return
        if isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)) or (
            isinstance(first, ast.Call) and _is_format_call(first)
        ):
            self._unambiguous_key(first)

    def _unambiguous_key(self, node: ast.AST) -> None:
        """A helper call that is not env-named (``config('X')``): only unambiguous names."""
        if not has_marker(node):
            return
        tpl = template_of(node, self.pos, self.r)
        got = name_of(tpl) if tpl is not None and tpl.items else None
        if got is None:
            return
        var = parse_link_var(got[0])
        if var is None or var.ambiguous:
            return
        self.key(node, ambiguous_ok=False)

    def compare(self, node: ast.Compare) -> None:
        if (
            len(node.ops) == 1
            and isinstance(node.ops[0], (ast.In, ast.NotIn))
            and self._environ(node.comparators[0])
        ):
            self.key(node.left, ambiguous_ok=True)

    def formatted(self, node: ast.AST) -> None:
        if isinstance(node, ast.Call) and not _is_format_call(node):
            return
        if isinstance(node, ast.BinOp) and not isinstance(node.op, (ast.Mod, ast.Add)):
            return
        if not has_marker(node):
            return
        tpl = template_of(node, self.pos, self.r)
        if tpl is None or not tpl.holes:
            return
        self._mark(node)
        for name, start, end, built in built_names(tpl):
            self._read(name, start, end, built=built)

    def literal(self, node: ast.Constant) -> None:
        assert isinstance(node.value, str)
        value = node.value
        if not value or len(value) > 300:
            return
        if "_PORT_" in value or "_ENV_" in value:
            shape = pattern_shape(value)
            if shape is not None:
                pieces = decode(self.pos.text, self.pos.start(node), self.pos.end(node))
                if pieces:
                    self._read(shape, pieces[0].start, pieces[-1].end)
                return
        if len(value) > 120 or not (value[0].isupper() or value[0].isdigit()):
            return
        if not is_unambiguous_link_var(value):
            return
        pieces = decode(self.pos.text, self.pos.start(node), self.pos.end(node))
        if not pieces or "".join(p.text for p in pieces) != value:
            return
        if self._local_lookup(node):
            return
        setter = self._dict_key_role(node)
        if setter == "expected":
            return
        if setter == "set":
            span = Span(self.pos.path, pieces[0].start, pieces[-1].end)
            self.facts.env_sets.append(EnvSet(value, span))
            return
        self._read(value, pieces[0].start, pieces[-1].end, indirect=True)

    def _dict_key_role(self, node: ast.Constant) -> str | None:
        """``set`` for a key of a dict literal that sets env, ``expected`` for a dict key
        in a test module, else None."""
        d = self.r.parent(node)
        if not isinstance(d, ast.Dict) or not any(k is node for k in d.keys):
            return None
        if is_test_path(self.pos.path) or self._in_test_code(d):
            return "expected"
        holder = self.r.parent(d)
        if isinstance(holder, ast.keyword):
            return "set" if holder.arg in _ENV_KWARGS else None
        if isinstance(holder, ast.Call):
            f = holder.func
            if isinstance(f, ast.Attribute) and f.attr == "update":
                is_env = self._environ(f.value) or "env" in _dotted(f.value).lower()
                return "set" if is_env else None
            return None
        if isinstance(holder, (ast.Assign, ast.AnnAssign)):
            targets = holder.targets if isinstance(holder, ast.Assign) else [holder.target]
            if any("env" in _dotted(t).lower() for t in targets):
                return "set"
        return None

    def _in_test_code(self, node: ast.AST) -> bool:
        """Inside a test function or class of a module that is not a test module
        (``def test_env(): return {…}`` beside the code it tests)."""
        cur = self.r.parent(node)
        while cur is not None:
            if isinstance(cur, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                cur.name.startswith("test")
            ):
                return True
            if isinstance(cur, ast.ClassDef) and cur.name.startswith("Test"):
                return True
            cur = self.r.parent(cur)
        return False

    def _local_lookup(self, node: ast.Constant) -> bool:
        """``TEST_ENV['DB_PORT_6379_TCP_ADDR']`` (or ``.get(…)``) where ``TEST_ENV`` is a
        dict literal of this file: a lookup in that dict, not in the environment."""
        up = self.r.parent(node)
        holder: ast.AST | None = None
        if isinstance(up, ast.Subscript) and up.slice is node:
            holder = up.value
        elif (
            isinstance(up, ast.Call)
            and up.args[:1] == [node]
            and isinstance(up.func, ast.Attribute)
            and up.func.attr in ("get", "pop", "setdefault")
        ):
            holder = up.func.value
        return holder is not None and self._dict_of_file(holder)

    def _dict_of_file(self, node: ast.AST) -> bool:
        """A name bound only to dict literals of this file."""
        if not isinstance(node, ast.Name):
            return False
        bindings = self.r.lookup(node.id, self.r.scope(node))
        return bool(bindings) and all(
            b.how == "assign" and isinstance(b.value, ast.Dict) for b in bindings
        )


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return _dotted(node.value) + "." + node.attr
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    return ""


def _is_format_call(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    )
