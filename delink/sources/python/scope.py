"""Names, imports and simple assignments: what an expression of a module refers to.

One walk over the ``ast`` builds lexical scopes (module, functions, lambdas,
comprehensions; class bodies are not visible from their methods, as in Python) with
every binding of each name: imports, assignments (``x = …``, ``x: T = …``, ``x := …``,
tuple targets matched element by element), parameters, loop and ``with`` targets. In a
method, ``self.attr = …`` (``self`` being the first parameter) is a binding of the
class's attribute ``attr``, seen by every method of that class.

The analysis is flow-insensitive on purpose: every binding of a name counts, wherever
it is. :class:`Resolver` answers two questions about an expression:

* :meth:`Resolver.kind`: which docker SDK object it is (:class:`Kind`), following
  imports (``import docker as d``, ``from docker import APIClient as C``), calls
  (``docker.from_env()``, ``d.DockerClient()``, ``docker.APIClient()``, the pre-2.0
  ``docker.Client()``, ``client.api``, ``client.containers``, ``networks.get(…)``) and
  assignments (``client = …``, ``self.client = client or docker.APIClient()``);
* :meth:`Resolver.string`: its value when it is a constant string (literals, names bound
  once to a constant, ``+``, f-strings, ``%`` and ``.format`` of constants,
  ``.upper()``/``.lower()``/``.strip()``/``.replace()``).

Function parameters and attributes of objects from elsewhere resolve to
:data:`UNKNOWN`; the SDK reader decides what an unknown receiver may be (see
:mod:`delink.sources.python.sdk`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Kind", "Resolver", "Scope", "analyse", "returns"]


@dataclass(frozen=True)
class Kind:
    """What an expression is. ``tag`` is one of:

    ``module`` (``path`` is the dotted module), ``class`` and ``func`` (``path`` the
    canonical dotted name), ``client`` (``docker.DockerClient``), ``api``
    (``docker.APIClient`` / pre-2.0 ``docker.Client``), ``containers``, ``networks``,
    ``container``, ``network``, ``host-config``, ``endpoint-config``,
    ``networking-config``, ``api-container`` (the dict ``create_container`` returns),
    ``network-list`` / ``container-list`` (``networks.list(…)``, an item is a network),
    ``environ`` (``os.environ``), ``other`` (known, not docker) and ``unknown``.
    ``node`` is the call that made the object (a ``containers.run`` call for a
    ``container``, a ``networks.get`` call for a ``network``), when there is one.
    """

    tag: str
    path: str = ""
    node: ast.AST | None = field(default=None, compare=False)
    scope: Scope | None = field(default=None, compare=False, repr=False)

    @property
    def docker(self) -> bool:
        if self.tag in ("module", "class", "func"):
            return self.path == "docker" or self.path.startswith("docker.")
        return self.tag not in ("other", "unknown", "environ")


UNKNOWN = Kind("unknown")
OTHER = Kind("other")

# canonical dotted names of the docker SDK (and os) objects delink follows
_CANONICAL = {
    "docker.APIClient": "docker.APIClient",
    "docker.api.APIClient": "docker.APIClient",
    "docker.api.client.APIClient": "docker.APIClient",
    "docker.Client": "docker.APIClient",  # docker-py < 2.0
    "docker.client.Client": "docker.APIClient",
    "docker.client.APIClient": "docker.APIClient",
    "docker.AutoVersionClient": "docker.APIClient",
    "docker.DockerClient": "docker.DockerClient",
    "docker.client.DockerClient": "docker.DockerClient",
    "docker.from_env": "docker.from_env",
    "docker.client.from_env": "docker.from_env",
    "docker.types.HostConfig": "docker.types.HostConfig",
    "docker.types.containers.HostConfig": "docker.types.HostConfig",
    "docker.types.EndpointConfig": "docker.types.EndpointConfig",
    "docker.types.networks.EndpointConfig": "docker.types.EndpointConfig",
    "docker.types.NetworkingConfig": "docker.types.NetworkingConfig",
    "docker.types.networks.NetworkingConfig": "docker.types.NetworkingConfig",
    "docker.utils.create_host_config": "docker.utils.create_host_config",
    "docker.utils.utils.create_host_config": "docker.utils.create_host_config",
    "docker.utils.create_endpoint_config": "docker.utils.create_endpoint_config",
    "docker.utils.utils.create_endpoint_config": "docker.utils.create_endpoint_config",
    "docker.utils.create_networking_config": "docker.utils.create_networking_config",
    "docker.utils.utils.create_networking_config": "docker.utils.create_networking_config",
    "os.environ": "os.environ",
    "os.getenv": "os.getenv",
    "os.environb": "os.environ",
    "posix.environ": "os.environ",
}
_CLASSES = {
    "docker.APIClient": "api",
    "docker.DockerClient": "client",
    "docker.types.HostConfig": "host-config",
    "docker.types.EndpointConfig": "endpoint-config",
    "docker.types.NetworkingConfig": "networking-config",
}
_FUNCS = {
    "docker.from_env": "client",
    "docker.utils.create_host_config": "host-config",
    "docker.utils.create_endpoint_config": "endpoint-config",
    "docker.utils.create_networking_config": "networking-config",
}
_API_RESULTS = {
    "create_host_config": "host-config",
    "create_endpoint_config": "endpoint-config",
    "create_networking_config": "networking-config",
    "create_container": "api-container",
}
_STR_METHODS = {"upper", "lower", "strip", "lstrip", "rstrip", "replace", "title", "capitalize"}


@dataclass(frozen=True)
class Binding:
    """``value`` is the bound expression; ``how`` is ``assign``, ``import`` (``path``),
    ``param``, ``def`` or ``unknown`` (loop targets, ``with``, augmented assignment)."""

    how: str
    value: ast.expr | None = None
    path: str = ""
    scope: Scope | None = field(default=None, compare=False, repr=False)


class ClassInfo:
    def __init__(self, node: ast.ClassDef) -> None:
        self.node = node
        self.attrs: dict[str, list[Binding]] = {}
        self.body: Scope | None = None  # the class body (class attributes, methods)


class Scope:
    def __init__(
        self,
        node: ast.AST,
        kind: str,
        parent: Scope | None,
        cls: ClassInfo | None = None,
        self_name: str | None = None,
    ) -> None:
        self.node = node
        self.kind = kind  # module, function, class, comp
        self.parent = parent
        self.cls = cls  # for a method: its class; for a class body: the class
        self.self_name = self_name  # a method's first parameter
        self.bindings: dict[str, list[Binding]] = {}
        self.globals: set[str] = set()  # names declared ``global`` here

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def visible(self) -> Iterator[Scope]:
        """This scope and the enclosing ones a name lookup sees (no class bodies)."""
        s: Scope | None = self
        first = True
        while s is not None:
            if first or s.kind != "class":
                yield s
            first = False
            s = s.parent


@dataclass
class Analysis:
    module: Scope
    scope_of: dict[int, Scope]  # id(node) -> the scope its code runs in
    parents: dict[int, ast.AST]  # id(node) -> parent node
    imports_docker: bool
    classes: dict[str, list[ClassInfo]]
    functions: dict[str, list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, Scope]]]
    nodes: list[ast.AST]  # every node, parents before children (scope nodes included)


def analyse(tree: ast.Module) -> Analysis:
    module = Scope(tree, "module", None)
    a = Analysis(module, {}, {}, False, {}, {}, [tree])
    _Walker(a).visit_body(tree.body, module, tree)
    return a


# nodes with nothing below them that matters (shared singletons: Load, Store, Add, …)
_LEAVES = frozenset(
    {
        *ast.expr_context.__subclasses__(),
        *ast.operator.__subclasses__(),
        *ast.unaryop.__subclasses__(),
        *ast.cmpop.__subclasses__(),
        *ast.boolop.__subclasses__(),
    }
)
_SCOPE_NODES = frozenset(
    {
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.Lambda,
        ast.ClassDef,
        ast.ListComp,
        ast.SetComp,
        ast.GeneratorExp,
        ast.DictComp,
    }
)
_BINDERS = frozenset(
    {
        ast.Import,
        ast.ImportFrom,
        ast.Assign,
        ast.AnnAssign,
        ast.AugAssign,
        ast.NamedExpr,
        ast.For,
        ast.AsyncFor,
        ast.With,
        ast.AsyncWith,
        ast.ExceptHandler,
        ast.Global,
    }
)


class _Walker:
    def __init__(self, a: Analysis) -> None:
        self.a = a

    def visit_body(self, body: list[ast.stmt], scope: Scope, parent: ast.AST) -> None:
        for stmt in body:
            self.visit(stmt, scope, parent)

    def visit(self, node: ast.AST, scope: Scope, parent: ast.AST | None) -> None:
        t = type(node)
        if t in _LEAVES:
            return
        a = self.a
        a.nodes.append(node)
        a.scope_of[id(node)] = scope
        if parent is not None:
            a.parents[id(node)] = parent
        if t in _SCOPE_NODES:
            self._scope(node, scope)
            return
        if t in _BINDERS:
            self._bind(node, scope)
        for name in node._fields:
            v = getattr(node, name, None)
            if type(v) is list:
                for x in v:
                    if isinstance(x, ast.AST):
                        self.visit(x, scope, node)
            elif isinstance(v, ast.AST):
                self.visit(v, scope, node)

    def _scope(self, node: ast.AST, scope: Scope) -> None:
        a = self.a
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope.bind(node.name, Binding("def", None, scope=scope))
            for d in node.decorator_list:
                self.visit(d, scope, node)
            for d in [*node.args.defaults, *[x for x in node.args.kw_defaults if x is not None]]:
                self.visit(d, scope, node)
            outer = scope.parent if scope.kind == "class" else scope
            cls = scope.cls if scope.kind == "class" else None
            params = [*node.args.posonlyargs, *node.args.args]
            self_name = params[0].arg if cls is not None and params else None
            inner = Scope(
                node, "function", outer if scope.kind == "class" else scope, cls, self_name
            )
            if scope.kind == "class":
                inner.parent = scope  # keep the class for lookups that skip it
            for arg in [*params, *node.args.kwonlyargs]:
                inner.bind(arg.arg, Binding("param", None, scope=inner))
            for star in (node.args.vararg, node.args.kwarg):
                if star is not None:
                    inner.bind(star.arg, Binding("param", None, scope=inner))
            a.functions.setdefault(node.name, []).append((node, inner))
            self.visit_body(node.body, inner, node)
            return
        if isinstance(node, ast.Lambda):
            inner = Scope(node, "function", scope)
            for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                inner.bind(arg.arg, Binding("param", None, scope=inner))
            self.visit(node.body, inner, node)
            return
        if isinstance(node, ast.ClassDef):
            scope.bind(node.name, Binding("def", None, scope=scope))
            for d in [*node.decorator_list, *node.bases, *[k.value for k in node.keywords]]:
                self.visit(d, scope, node)
            info = ClassInfo(node)
            a.classes.setdefault(node.name, []).append(info)
            body = Scope(node, "class", scope, info)
            info.body = body
            self.visit_body(node.body, body, node)
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            inner = Scope(node, "comp", scope)
            for gen in node.generators:
                self.visit(gen.iter, scope if gen is node.generators[0] else inner, node)
                self._target(gen.target, None, inner)
                for cond in gen.ifs:
                    self.visit(cond, inner, node)
            elts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            for e in elts:
                self.visit(e, inner, node)
            return

    def _bind(self, node: ast.AST, scope: Scope) -> None:
        a = self.a
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_docker_module(alias.name):
                    a.imports_docker = True
                if alias.asname:
                    scope.bind(alias.asname, Binding("import", path=alias.name, scope=scope))
                else:
                    top = alias.name.split(".", 1)[0]
                    scope.bind(top, Binding("import", path=top, scope=scope))
        elif isinstance(node, ast.ImportFrom):
            mod = "." * node.level + (node.module or "")
            names = [f"{mod}.{x.name}" for x in node.names]
            if _is_docker_module(mod) or any(_is_docker_module(n) for n in names):
                a.imports_docker = True
            for alias in node.names:
                if alias.name == "*":
                    continue
                path = f"{mod}.{alias.name}" if mod and not mod.endswith(".") else mod + alias.name
                scope.bind(alias.asname or alias.name, Binding("import", path=path, scope=scope))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                self._target(target, node.value, scope)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self._target(node.target, node.value, scope)
        elif isinstance(node, ast.AugAssign):
            self._target(node.target, None, scope)
        elif isinstance(node, ast.NamedExpr):
            self._target(node.target, node.value, scope)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._target(node.target, None, scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    # ``with docker.APIClient() as api``: a client's __enter__ is itself
                    value = item.context_expr if isinstance(item.context_expr, ast.Call) else None
                    self._target(item.optional_vars, value, scope)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            scope.bind(node.name, Binding("unknown", scope=scope))
        elif isinstance(node, ast.Global):
            scope.globals.update(node.names)

    def _target(self, target: ast.AST, value: ast.expr | None, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            how = "assign" if value is not None else "unknown"
            # ``global x`` then ``x = …`` in a function binds the module's ``x``
            home = self.a.module if target.id in scope.globals else scope
            home.bind(target.id, Binding(how, value, scope=scope))
        elif isinstance(target, (ast.Tuple, ast.List)):
            values: list[ast.expr | None]
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                values = list(value.elts)
            else:
                values = [None] * len(target.elts)
            for t, v in zip(target.elts, values, strict=False):
                self._target(t.value if isinstance(t, ast.Starred) else t, v, scope)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            fn = self._method_scope(scope)
            if fn is not None and fn.cls is not None and target.value.id == fn.self_name:
                how = "assign" if value is not None else "unknown"
                fn.cls.attrs.setdefault(target.attr, []).append(Binding(how, value, scope=scope))

    @staticmethod
    def _method_scope(scope: Scope) -> Scope | None:
        s: Scope | None = scope
        while s is not None and s.kind == "comp":
            s = s.parent
        return s if s is not None and s.kind == "function" else None


def _is_docker_module(path: str) -> bool:
    """``docker``, ``docker.x``, and a copy of docker-py vendored in a project
    (``.packages.docker.errors``, ``fig.packages.docker``)."""
    return "docker" in path.lstrip(".").split(".")


def _canonical(path: str) -> str:
    if path not in _CANONICAL and ".docker." in "." + path:
        # a vendored docker-py (``.packages.docker.Client``): the same classes
        vendored = "docker." + path.rsplit(".docker.", 1)[-1]
        if vendored in _CANONICAL:
            return _CANONICAL[vendored]
    return _CANONICAL.get(path, path)


class Resolver:
    """Answers :meth:`kind` and :meth:`string` with the bindings of an analysis."""

    MAX_DEPTH = 12

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        self._kinds: dict[tuple[int, int], Kind] = {}
        self._calls: dict[str, list[ast.Call]] | None = None
        self._mutations: dict[tuple[int, str], list[Mutation]] | None = None
        self._params: dict[tuple[int, str], Kind] = {}
        self._mutated: dict[str, set[int]] | None = None

    def scope(self, node: ast.AST) -> Scope:
        return self.a.scope_of.get(id(node), self.a.module)

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.a.parents.get(id(node))

    # -- names --------------------------------------------------------------------

    def lookup(self, name: str, scope: Scope) -> list[Binding]:
        for s in scope.visible():
            if name in s.bindings:
                return s.bindings[name]
        return []

    def method_class(self, scope: Scope) -> tuple[ClassInfo, str] | None:
        s: Scope | None = scope
        while s is not None and s.kind == "comp":
            s = s.parent
        if s is not None and s.kind == "function" and s.cls is not None and s.self_name:
            return s.cls, s.self_name
        return None

    def attr_bindings(self, node: ast.Attribute, scope: Scope) -> list[Binding] | None:
        """Bindings of ``self.attr`` in a method, None when ``node`` is not that."""
        if not isinstance(node.value, ast.Name):
            return None
        mc = self.method_class(scope)
        if mc is None or node.value.id != mc[1]:
            return None
        return mc[0].attrs.get(node.attr, [])

    # -- docker objects -----------------------------------------------------------

    def kind(self, node: ast.AST, scope: Scope | None = None, depth: int = 0) -> Kind:
        scope = scope or self.scope(node)
        key = (id(node), id(scope))
        if key in self._kinds:
            return self._kinds[key]
        self._kinds[key] = UNKNOWN  # a cycle resolves to unknown
        out = self._kind(node, scope, depth) if depth < self.MAX_DEPTH else UNKNOWN
        self._kinds[key] = out
        return out

    def _from_bindings(self, bindings: list[Binding], depth: int, name: str = "") -> Kind:
        found = UNKNOWN
        for b in bindings:
            if b.how == "import":
                k = self._path_kind(b.path)
            elif b.how == "assign" and b.value is not None:
                k = self.kind(b.value, b.scope, depth + 1)
            elif b.how == "def":
                k = self._def_kind(name, depth)
            elif b.how == "param" and b.scope is not None and name:
                k = self._param_kind(b.scope, name, depth)
            else:
                continue
            if k.docker:
                return k
            if k.tag != "unknown":
                found = k
        return found

    # -- what classes, parameters and members of this file are -----------------------

    def _def_kind(self, name: str, depth: int) -> Kind:
        """A class of this file that derives from a docker client class is that class
        (``class Runner(docker.Client)``); any other function or class is OTHER."""
        infos = self.a.classes.get(name, [])
        if len(infos) == 1:
            k = self.class_base(infos[0], depth)
            if k is not None:
                return k
        return OTHER

    def class_base(self, info: ClassInfo, depth: int = 0) -> Kind | None:
        """The docker class ``info`` derives from (through classes of this file)."""
        if depth > self.MAX_DEPTH or info.body is None or info.body.parent is None:
            return None
        for base in info.node.bases:
            k = self.kind(base, info.body.parent, depth + 1)
            if k.tag == "class" and k.path in _CLASSES and k.docker:
                return k
        return None

    def _class_member(self, info: ClassInfo, attr: str, depth: int) -> Kind:
        """``self.attr`` that no method assigns: a property of the class, a class
        attribute, or a method of the docker class the class derives from."""
        body = info.body
        if body is None:
            return UNKNOWN
        for fn, fscope in self.a.functions.get(attr, []):
            if fscope.cls is info and _is_property(fn):
                for ret in returns(fn):
                    k = self.kind(ret, fscope, depth + 1)
                    if k.docker:
                        return k
                return UNKNOWN
        assigned = [b for b in body.bindings.get(attr, []) if b.how == "assign"]
        if assigned:
            return self._from_bindings(assigned, depth)
        return UNKNOWN

    def _param_kind(self, fscope: Scope, name: str, depth: int) -> Kind:
        """A parameter's kind: ``self`` of a class deriving from a docker client, or
        what a caller in this file passes (directly or through a decorator that calls
        the function with a client), or its default value."""
        key = (id(fscope), name)
        if key not in self._params:
            self._params[key] = UNKNOWN  # a cycle resolves to unknown
            self._params[key] = self._param(fscope, name, depth)
        return self._params[key]

    def _param(self, fscope: Scope, name: str, depth: int) -> Kind:
        fn = fscope.node
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return UNKNOWN
        params = [*fn.args.posonlyargs, *fn.args.args]
        names = [p.arg for p in params]
        if fscope.cls is not None and names and names[0] == name:
            base = self.class_base(fscope.cls, depth + 1)
            return Kind(_CLASSES[base.path]) if base is not None else UNKNOWN
        index = names.index(name) if name in names else None
        for p in [*params, *fn.args.kwonlyargs]:
            if p.arg == name and p.annotation is not None:  # client: docker.APIClient
                k = self._annotation(p.annotation, fscope, depth)
                if k.docker:
                    return k
        tail = names[len(names) - len(fn.args.defaults) :]
        defaults = dict(zip(tail, fn.args.defaults, strict=False))
        for p, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=False):
            if d is not None:
                defaults[p.arg] = d
        if name in defaults:
            k = self.kind(defaults[name], fscope.parent, depth + 1)
            if k.docker:
                return k
        shift = 1 if fscope.cls is not None else 0  # self.method(x): x is the 2nd param
        for call, scope in self._callers(fn, fscope):
            arg: ast.expr | None = None
            if index is not None and 0 <= index - shift < len(call.args):
                arg = call.args[index - shift]
            for kw in call.keywords:
                if kw.arg == name:
                    arg = kw.value
            if arg is None or isinstance(arg, ast.Starred):
                continue
            k = self.kind(arg, scope, depth + 1)
            if k.docker:
                return k
        return UNKNOWN

    def _annotation(self, node: ast.expr, fscope: Scope, depth: int) -> Kind:
        """The instance kind a parameter annotation names (``docker.APIClient``,
        ``Optional[DockerClient]``, ``"docker.DockerClient"``)."""
        if isinstance(node, ast.Subscript):
            node = node.slice
        if isinstance(node, ast.BinOp):
            node = node.left
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return UNKNOWN
        k = self.kind(node, fscope.parent, depth + 1)
        if k.tag == "class" and k.path in _CLASSES:
            return Kind(_CLASSES[k.path])
        return UNKNOWN

    def _callers(
        self, fn: ast.FunctionDef | ast.AsyncFunctionDef, fscope: Scope
    ) -> Iterator[tuple[ast.Call, Scope]]:
        """Calls of ``fn`` in this file (of its class, for ``__init__``), and the calls a
        decorator of ``fn`` makes of the function it wraps (``return f(client, …)``)."""
        for call in self.call_sites(fn):
            yield call, self.scope(call)
        if fn.name == "__init__" and fscope.cls is not None:
            for call in (self._calls or {}).get(fscope.cls.node.name, []):
                if self.kind(call.func).tag == "other":  # the class of this file
                    yield call, self.scope(call)
        for deco in fn.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            if not isinstance(target, ast.Name):
                continue
            found = self.a.functions.get(target.id, [])
            if len(found) != 1:
                continue
            dfn, _ = found[0]
            dparams = [*dfn.args.posonlyargs, *dfn.args.args]
            if not dparams:
                continue
            wrapped = dparams[0].arg
            for n in ast.walk(dfn):
                if (
                    isinstance(n, ast.Call)
                    and isinstance(n.func, ast.Name)
                    and n.func.id == wrapped
                ):
                    yield n, self.scope(n)

    def call_sites(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
        """The calls of this file that call ``fn`` (by its name, or ``self.fn`` in a
        method of its class)."""
        if self._calls is None:
            self._calls = {}
            for n in self.a.nodes:
                if isinstance(n, ast.Call):
                    f = n.func
                    key = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
                    self._calls.setdefault(key, []).append(n)
        out = []
        for call in self._calls.get(fn.name, []):
            local = self._local_function(call.func, self.scope(call))
            if local is not None and local[0] is fn:
                out.append(call)
        return out

    def dict_mutations(self, name: str, scope_node: ast.AST) -> list[Mutation]:
        """Entries set on the dict named ``name`` in the code of ``scope_node``:
        ``name['k'] = v``, ``name.update(k=v)``, ``name.update({'k': v})``,
        ``name.setdefault('k', v)`` — as (key, first node, value, holder)."""
        if self._mutations is None:
            self._mutations = {}
            for n in self.a.nodes:
                for var, m in _mutation(n):
                    key = (id(self.scope(n).node), var)
                    self._mutations.setdefault(key, []).append(m)
        return self._mutations.get((id(scope_node), name), [])

    def mutated(self, node: ast.Name | ast.Attribute, scope_node: ast.AST) -> bool:
        """Whether the container ``node`` names is changed in place (``x[k] = v``,
        ``x.append(…)``, ``x.update(…)``…): in the code of ``scope_node`` for a name,
        anywhere in the file for ``self.attr``."""
        if self._mutated is None:
            self._mutated = {}
            for n in self.a.nodes:
                target: ast.AST | None = None
                if isinstance(n, ast.Subscript) and isinstance(n.ctx, (ast.Store, ast.Del)):
                    target = n.value
                elif (
                    isinstance(n, ast.Call)
                    and isinstance(n.func, ast.Attribute)
                    and n.func.attr in _MUTATORS
                ):
                    target = n.func.value
                text = _dotted(target) if target is not None else ""
                if text:
                    self._mutated.setdefault(text, set()).add(id(self.scope(n).node))
        where = self._mutated.get(_dotted(node), set())
        return bool(where) if isinstance(node, ast.Attribute) else id(scope_node) in where

    def _path_kind(self, path: str) -> Kind:
        path = _canonical(path)
        if path in _CLASSES:
            return Kind("class", path)
        if path in _FUNCS or path == "os.getenv":
            return Kind("func", path)
        if path == "os.environ":
            return Kind("environ", path)
        return Kind("module", path)

    def _kind(self, node: ast.AST, scope: Scope, depth: int) -> Kind:
        if isinstance(node, ast.Name):
            bindings = self.lookup(node.id, scope)
            if not bindings:
                return UNKNOWN
            return self._from_bindings(bindings, depth, node.id)
        if isinstance(node, ast.Attribute):
            own = self.attr_bindings(node, scope)
            if own:
                return self._from_bindings(own, depth)
            if own is not None:
                mc = self.method_class(scope)
                if mc is not None:
                    k = self._class_member(mc[0], node.attr, depth)
                    if k.tag != "unknown":
                        return k
            base = self.kind(node.value, scope, depth + 1)
            return self._attribute(base, node.attr, node)
        if isinstance(node, ast.Call):
            return self._call(node, scope, depth)
        if isinstance(node, ast.BoolOp):
            found = UNKNOWN
            for v in node.values:
                k = self.kind(v, scope, depth + 1)
                if k.docker:
                    return k
                if k.tag != "unknown":
                    found = k
            return found
        if isinstance(node, ast.IfExp):
            for v in (node.body, node.orelse):
                k = self.kind(v, scope, depth + 1)
                if k.docker:
                    return k
            return UNKNOWN
        if isinstance(node, ast.Await):
            return self.kind(node.value, scope, depth + 1)
        if isinstance(node, ast.Subscript):  # networks.list(…)[0], containers.list()[0]
            base = self.kind(node.value, scope, depth + 1)
            if base.tag in ("network-list", "container-list"):
                return Kind(base.tag.removesuffix("-list"), node=base.node, scope=base.scope)
            return UNKNOWN
        if isinstance(node, ast.Constant) and node.value is None:
            return UNKNOWN  # ``client = None``: set for real somewhere delink may not see
        if isinstance(node, (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Dict, ast.Set)):
            return OTHER
        return UNKNOWN

    def _attribute(self, base: Kind, attr: str, node: ast.AST) -> Kind:
        if base.tag == "class" and attr == "from_env" and base.path in _CLASSES:
            return base  # DockerClient.from_env(), Client.from_env(): an instance of the class
        if base.tag == "module":
            if base.path.startswith("."):
                return UNKNOWN  # something of this package: it may wrap a client
            return self._path_kind(f"{base.path}.{attr}")
        if base.tag == "client":
            return {
                "api": Kind("api"),
                "containers": Kind("containers"),
                "networks": Kind("networks"),
                "images": Kind("images"),
            }.get(attr, OTHER)
        if base.tag in ("other", "environ"):
            return OTHER
        return UNKNOWN

    def _call(self, node: ast.Call, scope: Scope, depth: int) -> Kind:
        func = node.func
        fk = self.kind(func, scope, depth + 1)
        if fk.tag == "class":
            tag = _CLASSES.get(fk.path)
            return Kind(tag, node=node, scope=scope) if tag else OTHER
        if fk.tag == "func":
            tag = _FUNCS.get(fk.path)
            return Kind(tag, node=node, scope=scope) if tag else OTHER
        if fk.tag == "module":
            # a function of a module delink does not read (``get_client()`` imported from
            # the project's own helpers): its result is unknown, not "not docker"
            return UNKNOWN
        if isinstance(func, ast.Attribute):
            base = self.kind(func.value, scope, depth + 1)
            name = func.attr
            if base.tag == "containers" and name in ("run", "create", "get"):
                return Kind("container", node=node, scope=scope)
            if base.tag == "networks" and name in ("get", "create"):
                return Kind("network", node=node, scope=scope)
            if base.tag in ("networks", "containers") and name == "list":
                return Kind(base.tag[:-1] + "-list", node=node, scope=scope)
            if base.tag == "api" and name in _API_RESULTS:
                return Kind(_API_RESULTS[name], node=node, scope=scope)
            if base.tag == "unknown" and name in _API_RESULTS and name != "create_container":
                return Kind(_API_RESULTS[name], node=node, scope=scope)
            if base.tag == "container" and name == "reload":
                return base
        if isinstance(func, (ast.Name, ast.Attribute)):
            # a function of this module that returns a docker object
            target = self._local_function(func, scope)
            if target is not None:
                fn, fscope = target
                for ret in returns(fn):
                    k = self.kind(ret, fscope, depth + 1)
                    if k.docker:
                        return k
        return UNKNOWN if fk.tag == "unknown" else OTHER

    def _local_function(
        self, func: ast.expr, scope: Scope
    ) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, Scope] | None:
        """The function (or method of the same class) a call names, when defined here."""
        if isinstance(func, ast.Name):
            if not any(b.how == "def" for b in self.lookup(func.id, scope)):
                return None
            found = self.a.functions.get(func.id, [])
            return found[0] if len(found) == 1 else None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            mc = self.method_class(scope)
            if mc is None or func.value.id != mc[1]:
                return None
            for fn, fscope in self.a.functions.get(func.attr, []):
                if fscope.cls is mc[0]:
                    return fn, fscope
        return None

    def local_function(
        self, func: ast.expr, scope: Scope
    ) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, Scope] | None:
        return self._local_function(func, scope)

    # -- constant strings -----------------------------------------------------------

    def _assigned_string(self, bindings: list[Binding], depth: int) -> str | None:
        """The one constant string that every binding assigns; None when there is no
        binding, one is not an assignment of a constant string, or they differ."""
        values = set()
        for b in bindings:
            if b.how != "assign" or b.value is None:
                return None
            v = self.string(b.value, b.scope, depth + 1)
            if v is None:
                return None
            values.add(v)
        return values.pop() if len(values) == 1 else None

    def string(self, node: ast.AST, scope: Scope | None = None, depth: int = 0) -> str | None:
        scope = scope or self.scope(node)
        if depth > self.MAX_DEPTH:
            return None
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.Name):
            return self._assigned_string(self.lookup(node.id, scope), depth)
        if isinstance(node, ast.Attribute):
            return self._assigned_string(self.attr_bindings(node, scope) or [], depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.string(node.left, scope, depth + 1)
            right = self.string(node.right, scope, depth + 1) if left is not None else None
            return left + right if left is not None and right is not None else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            fmt = self.string(node.left, scope, depth + 1)
            if fmt is None:
                return None
            operands = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            vals = [self.string(x, scope, depth + 1) for x in operands]
            if any(v is None for v in vals):
                return None
            try:
                return fmt % tuple(vals)
            except (TypeError, ValueError, KeyError):
                return None
        if isinstance(node, ast.JoinedStr):
            parts: list[str] = []
            for fv in node.values:
                if isinstance(fv, ast.Constant) and isinstance(fv.value, str):
                    parts.append(fv.value)
                elif (
                    isinstance(fv, ast.FormattedValue)
                    and fv.conversion in (-1, 115)
                    and fv.format_spec is None
                ):
                    s = self.string(fv.value, scope, depth + 1)
                    if s is None:
                        return None
                    parts.append(s)
                else:
                    return None
            return "".join(parts)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in _STR_METHODS:
                base = self.string(node.func.value, scope, depth + 1)
                if base is None:
                    return None
                strs = [self.string(x, scope, depth + 1) for x in node.args]
                if node.keywords or any(x is None for x in strs):
                    return None
                try:
                    return str(getattr(base, name)(*strs))
                except (TypeError, ValueError):
                    return None
            if name == "format":
                fmt = self.string(node.func.value, scope, depth + 1)
                if fmt is None:
                    return None
                pos = [self.string(x, scope, depth + 1) for x in node.args]
                kw = {k.arg: self.string(k.value, scope, depth + 1) for k in node.keywords if k.arg}
                if any(v is None for v in pos) or any(v is None for v in kw.values()):
                    return None
                if len(kw) != len(node.keywords):
                    return None
                try:
                    return fmt.format(*pos, **kw)
                except (IndexError, KeyError, ValueError, AttributeError):
                    return None
        return None


Mutation = tuple[str, ast.AST, ast.expr, ast.AST]
_MUTATORS = frozenset(
    {"append", "extend", "insert", "update", "setdefault", "add", "pop", "remove", "clear"}
)


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


_PROPERTIES = frozenset({"property", "cached_property", "cached", "lazy_property", "reify"})


def _is_property(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for d in fn.decorator_list:
        name = d.id if isinstance(d, ast.Name) else getattr(d, "attr", "")
        if name in _PROPERTIES:
            return True
    return False


def _mutation(n: ast.AST) -> Iterator[tuple[str, Mutation]]:
    """(dict variable, mutation) of one node (see :meth:`Resolver.dict_mutations`)."""
    if isinstance(n, ast.Assign):
        for t in n.targets:
            if (
                isinstance(t, ast.Subscript)
                and isinstance(t.value, ast.Name)
                and isinstance(t.slice, ast.Constant)
                and isinstance(t.slice.value, str)
            ):
                yield t.value.id, (t.slice.value, t, n.value, n)
        return
    if not (
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and isinstance(n.func.value, ast.Name)
        and n.func.attr in ("update", "setdefault")
    ):
        return
    var = n.func.value.id
    if n.func.attr == "setdefault":
        if len(n.args) == 2 and isinstance(n.args[0], ast.Constant):
            key = n.args[0].value
            if isinstance(key, str):
                yield var, (key, n.args[0], n.args[1], n)
        return
    for kw in n.keywords:
        if kw.arg is not None:
            yield var, (kw.arg, kw, kw.value, n)
    for arg in n.args[:1]:
        if isinstance(arg, ast.Dict):
            for k, v in zip(arg.keys, arg.values, strict=False):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    yield var, (k.value, k, v, arg)


def returns(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.expr]:
    """Return values of a function (not of functions nested in it)."""
    stack: list[ast.AST] = list(fn.body)
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Return) and n.value is not None:
            yield n.value
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(n))
