"""The Python writer: a :class:`~delink.planning.model.Plan` -> edits of docker SDK calls.

For the containers of a plan whose ``language == "python"`` (facts of
:mod:`delink.sources.python`) it writes, as text edits that leave every other character
as it was (the fixed module is checked with ``ast`` and libcst by the source's
``validate``):

* the network, obtained once in each function (or module) that starts a container of
  the plan, before the first such statement, idempotently::

      if not [n for n in client.networks.list(names=['db-net']) if n.name == 'db-net']:
          client.networks.create('db-net', driver='bridge')

  (``api.networks(names=[…])`` / ``api.create_network(…)`` for a low-level client),
  unless the scope already creates it there;
* a consumer: its ``links=`` argument becomes ``network='N'`` (``containers.run/create``)
  or ``network_mode='N'`` (``create_host_config``); a ``'links'`` key of a ``**params``
  dict becomes ``'network': 'N'``; ``network='bridge'`` is replaced; the link env vars
  its code reads are merged into ``environment=`` (a dict or a ``K=V`` list) or added as
  ``environment={…}``, values from the plan (hostnames; a secret is read from the
  host's environment, ``os.environ.get('X', '')``, never inlined);
* a target started here: ``network='N'`` (or ``network_mode='N'`` in its host config),
  and the link alias as a network alias when it differs from the name. The form of the
  alias depends on the docker SDK the project pins (:mod:`delink.sdkversion`):

  ======================== ====================================================
  SDK version              alias form on a ``containers.run/create`` target
  ======================== ====================================================
  ≥ 7.0 (pin or config)    ``networking_config={'N':
                           client.api.create_endpoint_config(aliases=[…])}``
  < 7.0 (pin or config)    the low-level form (spec B2): the call becomes
                           ``client.containers.get(client.api.create_container(…,
                           host_config=client.api.create_host_config(network_mode='N', …),
                           networking_config=client.api.create_networking_config({'N':
                           client.api.create_endpoint_config(aliases=[…])}))['Id'])``
                           (plus ``.start()`` for ``run``)
  unknown                  the 7.0 form, and the fix is unsafe (it fails with a
                           TypeError on older SDKs): pin ``docker`` or set
                           ``docker-sdk-version``
  ======================== ====================================================

  An ``APIClient.create_container`` target gets ``network_mode='N'`` in its host config
  and ``networking_config=api.create_networking_config({'N':
  api.create_endpoint_config(aliases=[…])})`` on every SDK version (API 1.22+);
* a target not started in the files delink read: connected by name before the first
  consumer (``client.networks.get('N').connect(target, aliases=[…])``, errors ignored:
  it may be connected already).

The writer returns None (the fix is only displayed) when it cannot write the plan
exactly: a computed ``links=`` value, an ``environment`` that is not a literal, a
statement that shares its line, a target already on another network, an argument it
cannot map in the low-level form, or edits that would overlap.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from delink.diagnostics import Applicability, Edit
from delink.facts import Container
from delink.planning.model import ContainerEdits, ExplicitEnv, Plan, Reason
from delink.planning.writers import CannotWrite, container_edits
from delink.sources.python.syntax import Arg, PyCall, PyFile, PyLink

if TYPE_CHECKING:
    from delink.project import Project
    from delink.sdkversion import SdkPin
    from delink.sources.python.positions import Positions
    from delink.text import SourceText

__all__ = ["alias_form", "write"]

# docker-py models/containers.py: run()/create() kwargs that create_container takes as
# they are, and those that go into the host config (the two lists of the SDK, 6.x/7.x)
RUN_CREATE_KWARGS = frozenset(
    [
        "command",
        "detach",
        "domainname",
        "entrypoint",
        "environment",
        "healthcheck",
        "hostname",
        "image",
        "labels",
        "mac_address",
        "name",
        "network_disabled",
        "platform",
        "stdin_open",
        "stop_signal",
        "tty",
        "use_config_proxy",
        "user",
        "working_dir",
    ]
)
RUN_HOST_CONFIG_KWARGS = frozenset(
    [
        "auto_remove",
        "blkio_weight_device",
        "blkio_weight",
        "cap_add",
        "cap_drop",
        "cgroup_parent",
        "cgroupns",
        "cpu_count",
        "cpu_percent",
        "cpu_period",
        "cpu_quota",
        "cpu_shares",
        "cpuset_cpus",
        "cpuset_mems",
        "cpu_rt_period",
        "cpu_rt_runtime",
        "device_cgroup_rules",
        "device_read_bps",
        "device_read_iops",
        "device_write_bps",
        "device_write_iops",
        "devices",
        "device_requests",
        "dns_opt",
        "dns_search",
        "dns",
        "extra_hosts",
        "group_add",
        "init",
        "init_path",
        "ipc_mode",
        "isolation",
        "kernel_memory",
        "links",
        "log_config",
        "lxc_conf",
        "mem_limit",
        "mem_reservation",
        "mem_swappiness",
        "memswap_limit",
        "mounts",
        "nano_cpus",
        "network_mode",
        "oom_kill_disable",
        "oom_score_adj",
        "pid_mode",
        "pids_limit",
        "privileged",
        "publish_all_ports",
        "read_only",
        "restart_policy",
        "security_opt",
        "shm_size",
        "storage_opt",
        "sysctls",
        "tmpfs",
        "ulimits",
        "userns_mode",
        "uts_mode",
        "version",
        "volume_driver",
        "volumes_from",
        "runtime",
    ]
)
_BRIDGE = ("bridge", "default")


@dataclass
class Form:
    """How aliases are given to ``containers.run/create`` targets in one file."""

    modern: bool  # networking_config= (7.0+); else the low-level form
    pin: SdkPin | None


def alias_form(project: Project, path: str) -> Form:
    pin = project.docker_sdk(path)
    if pin is None:
        return Form(True, None)
    ok = pin.at_least((7, 0, 0))
    return Form(ok is not False, pin)


_Change = ContainerEdits[PyCall]


def _quote(value: str, q: str = "'") -> str:
    body = value.replace("\\", "\\\\").replace(q, "\\" + q).replace("\n", "\\n")
    return f"{q}{body}{q}"


class _Text:
    """Positions and small text helpers of one file."""

    def __init__(self, pyfile: PyFile, src: SourceText) -> None:
        self.file = pyfile
        self.pos: Positions = pyfile.pos
        self.text = src.text
        self.path = src.path
        self.newline = src.newline
        self.q = self._quote_style()

    def _quote_style(self) -> str:
        single = double = 0
        for node in ast.walk(self.file.tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                ch = self.text[self.pos.start(node) : self.pos.start(node) + 1]
                single += ch == "'"
                double += ch == '"'
        return '"' if double > single else "'"

    def quote(self, value: str) -> str:
        return _quote(value, self.q)

    def start(self, node: ast.AST) -> int:
        return self.pos.start(node)

    def end(self, node: ast.AST) -> int:
        return self.pos.end(node)

    def seg(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]

    def line_start(self, offset: int) -> int:
        return (
            self.text.rfind("\n", 0, offset) + 1
            if "\r" not in self.text
            else max(self.text.rfind("\n", 0, offset), self.text.rfind("\r", 0, offset)) + 1
        )

    def indent_of(self, offset: int) -> str | None:
        """The indentation before ``offset`` when only blanks precede it on its line."""
        ls = self.line_start(offset)
        margin = self.text[ls:offset]
        return margin if margin.strip() == "" else None

    def close_paren(self, call: ast.Call) -> int:
        return self.end(call) - 1

    def open_paren(self, call: ast.Call) -> int:
        i = self.end(call.func)
        while i < len(self.text) and self.text[i] != "(":
            i += 1
        return i

    def arguments(self, call: ast.Call) -> list[tuple[int, int]]:
        """Every argument's span, in source order (positional, keywords, ``**x``)."""
        spans = [(self.start(a), self.end(a)) for a in call.args]
        spans += [(self.start(k), self.end(k)) for k in call.keywords]
        return sorted(spans)


def _unit(indent: str) -> str:
    """One more level of indentation in the style of ``indent`` (tabs or spaces)."""
    return "\t" if "\t" in indent else "    "


def _line_indent(t: _Text, spans: list[tuple[int, int]]) -> str | None:
    """The indentation of the last item when items sit on lines of their own."""
    if not spans:
        return None
    return t.indent_of(spans[-1][0])


def _append(
    t: _Text, spans: list[tuple[int, int]], open_at: int, close_at: int, items: list[str]
) -> Edit:
    """Append ``items`` to a bracketed list (call arguments, dict entries, list items)
    whose items are at ``spans``, keeping its layout (one per line with a trailing comma,
    or inline)."""
    if not spans:
        inner = t.text[open_at + 1 : close_at]
        if "\n" in inner or "\r" in inner:
            outer = t.indent_of(close_at) or ""
            indent = outer + _unit(outer)
            body = "".join(t.newline + indent + it + "," for it in items)
            return Edit(
                t.path, open_at + 1, close_at, body + t.newline + (t.indent_of(close_at) or "")
            )
        return Edit.insert(t.path, open_at + 1, ", ".join(items))
    last_end = spans[-1][1]
    between = t.text[last_end:close_at]
    item_indent = _line_indent(t, spans)
    comma = between.find(",")
    if item_indent is not None and ("\n" in between or "\r" in between):
        # one item per line: after the trailing comma (or add one)
        lines = "".join(t.newline + item_indent + it + "," for it in items)
        if comma >= 0 and "#" not in between[:comma]:
            return Edit.insert(t.path, last_end + comma + 1, lines)
        return Edit.insert(t.path, last_end, "," + lines[:-1])
    if comma >= 0 and between[:comma].strip() == "":
        return Edit.insert(t.path, last_end + comma + 1, " " + ", ".join(items) + ",")
    return Edit.insert(t.path, last_end, ", " + ", ".join(items))


def _delete_item(
    t: _Text, spans: list[tuple[int, int]], k: int, open_at: int, close_at: int
) -> Edit:
    """Delete the ``k``-th item of a bracketed list with its separator."""
    start, end = spans[k]
    if k + 1 < len(spans):
        return Edit.delete(t.path, start, spans[k + 1][0])
    if k > 0:
        return Edit.delete(t.path, spans[k - 1][1], end)
    # the only item: drop it and a trailing comma
    tail = t.text[end:close_at]
    stop = end + (tail.find(",") + 1 if tail.strip().startswith(",") else 0)
    return Edit.delete(t.path, start, stop)


def _module_binds(pyfile: PyFile, name: str, path: str) -> bool:
    """Is ``name`` bound at module level to the import of ``path``?"""
    for b in pyfile.resolver.a.module.bindings.get(name, []):
        if b.how == "import" and b.path == path:
            return True
    return False


def _receiver_text(t: _Text, node: ast.expr | None) -> str:
    """A client expression that may be written again: a name or attribute chain."""
    cur = node
    while isinstance(cur, ast.Attribute):
        cur = cur.value
    if node is None or not isinstance(cur, ast.Name):
        raise CannotWrite("the docker client is not a name delink can write again")
    return t.seg(node)


class _Writer:
    def __init__(self, plan: Plan, project: Project) -> None:
        self.plan = plan
        self.project = project
        self.texts: Mapping[str, SourceText] = project.texts
        self.edits: list[Edit] = []
        self.changes: dict[str, _Change] = {}
        self._text: dict[str, _Text] = {}
        self.forms: dict[str, Form] = {}

    def text(self, path: str) -> _Text:
        if path not in self._text:
            facts = self.project.facts.get(path)
            pyfile = facts.syntax if facts is not None else None
            if not isinstance(pyfile, PyFile) or path not in self.texts:
                raise CannotWrite(f"{path} was not read as Python")
            if pyfile.tolerant:
                raise CannotWrite(f"{path} is not valid Python 3: no edit can be checked")
            self._text[path] = _Text(pyfile, self.texts[path])
        return self._text[path]

    def change(self, c: Container) -> _Change:
        return container_edits(self.changes, c, PyCall, "Python")

    def add(self, edit: Edit) -> None:
        if edit not in self.edits:
            self.edits.append(edit)

    # -- the plan ------------------------------------------------------------------------

    def write(self) -> list[Edit]:
        plan = self.plan
        for cc in plan.consumers:
            if cc.container.language != "python":
                continue
            self.change(cc.container).add_consumer(cc)
        unplaced = []
        for tc in plan.targets:
            if tc.container is None:
                if tc.join:
                    unplaced.append(tc)
                continue
            if tc.container.language != "python":
                continue
            self.change(tc.container).add_target(tc)
        if not self.changes:
            return []
        # the network, once per scope, before the first statement there
        if plan.create_network:
            for ch in self._first_per_scope([x for x in self.changes.values() if x.join]):
                self._ensure_network(ch)
        if unplaced:
            # before the first consumer of each function: functions run in any order
            consumers = self._first_per_scope([x for x in self.changes.values() if x.remove])
            if not consumers:
                raise CannotWrite("a target is not started here and no consumer is Python")
            for first in consumers:
                for tc in unplaced:
                    self._connect(first, tc.name, tc.aliases)
        for ch in self.changes.values():
            if ch.remove:
                self._consumer(ch)
            elif ch.join or ch.aliases:
                self._target(ch)
        self._no_overlaps()
        return self.edits

    def _first_per_scope(self, changes: list[_Change]) -> list[_Change]:
        """The change whose statement comes first in each function (or module)."""
        firsts: dict[tuple[str, int], tuple[int, _Change]] = {}
        for ch in changes:
            stmt = self._statement(ch)
            key = (ch.container.path, id(self._scope_node(ch, stmt)))
            at = self.text(ch.container.path).start(stmt)
            if key not in firsts or at < firsts[key][0]:
                firsts[key] = (at, ch)
        return [ch for _, ch in sorted(firsts.values(), key=lambda x: (x[1].container.path, x[0]))]

    def _statement(self, ch: _Change) -> ast.stmt:
        stmt = ch.syntax.statement
        if stmt is None:
            raise CannotWrite("the call is not in a statement")
        return stmt

    def _scope_node(self, ch: _Change, stmt: ast.stmt) -> ast.AST:
        parents = self.text(ch.container.path).file.parents
        cur: ast.AST | None = stmt
        while cur is not None and not isinstance(
            cur, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)
        ):
            cur = parents.get(id(cur))
        return cur if cur is not None else self.text(ch.container.path).file.tree

    def _no_overlaps(self) -> None:
        from delink.diagnostics import overlaps

        for i, a in enumerate(self.edits):
            for b in self.edits[i + 1 :]:
                if overlaps(a, b) and not (a.start == a.end == b.start == b.end):
                    raise CannotWrite("the edits would overlap")

    # -- the network ---------------------------------------------------------------------

    def _client(self, ch: _Change) -> tuple[str, bool]:
        """(client expression, high-level?) for code next to this container's call."""
        t = self.text(ch.container.path)
        syn = ch.syntax
        if syn.role in ("run", "create"):
            return _receiver_text(t, syn.receiver), True
        recv = syn.receiver
        if (
            recv is None
            and syn.host_config is not None
            and isinstance(syn.host_config.func, ast.Attribute)
        ):
            recv = syn.host_config.func.value
        if isinstance(recv, ast.Attribute) and recv.attr == "api":
            return _receiver_text(t, recv.value), True
        return _receiver_text(t, recv), False

    def _statement_indent(self, ch: _Change, stmt: ast.stmt) -> tuple[int, str]:
        t = self.text(ch.container.path)
        at = t.start(stmt)
        indent = t.indent_of(at)
        if indent is None:
            raise CannotWrite("the statement shares its line with other code")
        return t.line_start(at), indent

    def _ensure_network(self, ch: _Change) -> None:
        t = self.text(ch.container.path)
        stmt = self._statement(ch)
        n = self.plan.network
        if self._creates_network(ch, stmt):
            return
        at, indent = self._statement_indent(ch, stmt)
        client, high = self._client(ch)
        qn = t.quote(n)
        nl = t.newline
        bridge = t.quote("bridge")
        if high:
            test = f"[n for n in {client}.networks.list(names=[{qn}]) if n.name == {qn}]"
            create = f"{client}.networks.create({qn}, driver={bridge})"
        else:
            test = f"[n for n in {client}.networks(names=[{qn}]) if n[{t.quote('Name')}] == {qn}]"
            create = f"{client}.create_network({qn}, driver={bridge})"
        code = f"{indent}if not {test}:{nl}{indent}{_unit(indent)}{create}{nl}"
        self.add(Edit.insert(t.path, at, code))

    def _creates_network(self, ch: _Change, stmt: ast.stmt) -> bool:
        """Does the same function (or the module, before it) create the network already?"""
        facts = self.project.facts.get(ch.container.path)
        if facts is None:
            return False
        t = self.text(ch.container.path)
        scope = self._scope_node(ch, stmt)
        lo = t.start(scope) if not isinstance(scope, ast.Module) else 0
        hi = t.start(stmt)
        for decl in facts.networks:
            if decl.name == self.plan.network and decl.span.start < hi:
                if lo <= decl.span.start:
                    return True
                # module-level code before the function runs first
                if self._at_module_level(ch, decl.span.start):
                    return True
        return False

    def _at_module_level(self, ch: _Change, offset: int) -> bool:
        t = self.text(ch.container.path)
        for node in t.file.tree.body:
            if t.start(node) <= offset < t.end(node):
                return not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        return False

    def _connect(self, ch: _Change, name: str, aliases: list[str]) -> None:
        """Connect a target that is not started here, before the first consumer."""
        t = self.text(ch.container.path)
        stmt = self._statement(ch)
        at, indent = self._statement_indent(ch, stmt)
        client, high = self._client(ch)
        expr = self._target_expression(ch, name)
        qn = t.quote(self.plan.network)
        al = f", aliases=[{', '.join(t.quote(a) for a in aliases)}]" if aliases else ""
        if high:
            call = f"{client}.networks.get({qn}).connect({expr}{al})"
        else:
            call = f"{client}.connect_container_to_network({expr}, {qn}{al})"
        errors = (
            "docker.errors.APIError" if _module_binds(t.file, "docker", "docker") else "Exception"
        )
        nl = t.newline
        code = (
            f"{indent}try:{nl}{indent}{_unit(indent)}{call}{nl}"
            f"{indent}except {errors}:  # already connected{nl}{indent}{_unit(indent)}pass{nl}"
        )
        self.add(Edit.insert(t.path, at, code))

    def _target_expression(self, ch: _Change, name: str) -> str:
        """The Python expression that names a target, as the link wrote it."""
        t = self.text(ch.container.path)
        for link in ch.remove:
            if link.target is not None and link.target.display == name:
                tv = link.target
                if tv.span.path == t.path and tv.raw:
                    return tv.raw
        return t.quote(name)

    # -- consumers -----------------------------------------------------------------------

    def _consumer(self, ch: _Change) -> None:
        syn = ch.syntax
        t = self.text(ch.container.path)
        args: set[int] = set()
        for link in ch.remove:
            ls = link.syntax
            if not isinstance(ls, PyLink):
                raise CannotWrite("a link without Python syntax")
            if link.origin != "links=" and (ch.join or ch.env):
                raise CannotWrite(f"links given through `{link.origin}` are not rewritten")
            if not ls.arg.writable:
                raise CannotWrite("the links are not a keyword or dict entry written in place")
            args.add(id(ls.arg))
        # every link of each argument must go (no computed entries left behind)
        for link in ch.container.links:
            ls = link.syntax
            if isinstance(ls, PyLink) and id(ls.arg) in args and link not in ch.remove:
                raise CannotWrite("the links= argument holds links outside the plan")
        arg_objs = {id(x.syntax.arg): x.syntax for x in ch.remove if isinstance(x.syntax, PyLink)}
        n = self.plan.network
        if syn.role in ("run", "create"):
            net = syn.args.get("network") or syn.args.get("network_mode")
            holder_kind = "network"
        else:
            net = syn.host_args.get("network_mode")
            holder_kind = "network_mode"
        replacement: list[str] = []
        if ch.join:
            if net is None:
                replacement.append(f"{holder_kind}={t.quote(n)}")
            else:
                literal = net.value.value if isinstance(net.value, ast.Constant) else None
                if literal == n:
                    pass
                elif literal in _BRIDGE:
                    self._replace_arg(t, net, holder_kind, t.quote(n))
                else:
                    raise CannotWrite("the consumer is on another network")
        env_items = [self._env_item(t, e) for e in ch.env]
        env_arg = self._env_arg(syn)
        if env_items and env_arg is None and syn.role == "host-config":
            raise CannotWrite("no create_container call to give the env vars to")
        if env_items and env_arg is not None:
            self._merge_env(t, env_arg, ch.env)
        elif env_items and syn.role == "api":
            self._add_kwargs(t, syn, [self._env_dict(t, syn.call, env_items)])
        elif env_items:
            holder = pylinks_first_holder(ch)
            replacement.append(self._env_dict(t, holder, env_items))
        # the links arguments: the first becomes the replacement, the others go
        pylinks = sorted(arg_objs.values(), key=lambda x: x.arg.start)
        for k, pl in enumerate(pylinks):
            arg = pl.arg
            if k == 0 and replacement:
                self.add(Edit(t.path, arg.start, arg.end, self._render(t, arg, replacement)))
            else:
                self._delete_arg(t, arg)

    @staticmethod
    def _env_dict(t: _Text, holder: ast.AST | None, items: list[str]) -> str:
        """``environment={…}``: one entry per line when the call (or dict) it goes in
        has one argument per line, else inline."""
        indent = None
        if isinstance(holder, ast.Call):
            spans = t.arguments(holder)
            if spans and "\n" in t.text[spans[0][0] : t.end(holder)]:
                indent = _line_indent(t, spans)
        elif (
            isinstance(holder, ast.Dict)
            and holder.keys
            and holder.keys[-1] is not None
            and "\n" in t.seg(holder)
        ):
            indent = t.indent_of(t.start(holder.keys[-1]))
        if indent is None or len(items) < 2:
            return "environment={" + ", ".join(items) + "}"
        nl = t.newline
        inner = "".join(f"{nl}{indent}{_unit(indent)}{it}," for it in items)
        return "environment={" + inner + nl + indent + "}"

    @staticmethod
    def _render(t: _Text, arg: Arg, items: list[str]) -> str:
        """The replacement of a ``links=…`` argument (or ``'links': …`` dict entry): one
        item per line when the argument has a line of its own."""
        indent = t.indent_of(arg.start)
        after = t.text[arg.end : arg.end + 3].lstrip(" \t")
        sep = (
            ", "
            if indent is None or not after.startswith((",", "\n", "\r"))
            else "," + t.newline + indent
        )
        if not arg.in_dict:
            return sep.join(items)
        q = t.text[arg.start]
        out = []
        for it in items:
            key, _, value = it.partition("=")
            out.append(f"{q}{key}{q}: {value}")
        return sep.join(out)

    def _replace_arg(self, t: _Text, arg: Arg, name: str, value: str) -> None:
        """Replace an argument (``network_mode='bridge'`` → ``network='N'``)."""
        if arg.in_dict:
            q = t.text[arg.start]
            self.add(Edit(t.path, arg.start, arg.end, f"{q}{name}{q}: {value}"))
        else:
            self.add(Edit(t.path, arg.start, arg.end, f"{name}={value}"))

    def _delete_arg(self, t: _Text, arg: Arg) -> None:
        holder = arg.holder
        if isinstance(holder, ast.Call):
            spans = t.arguments(holder)
            open_at, close_at = t.open_paren(holder), t.close_paren(holder)
        elif isinstance(holder, ast.Dict):
            spans = sorted(
                (t.start(k), t.end(v))
                for k, v in zip(holder.keys, holder.values, strict=False)
                if k is not None
            )
            open_at, close_at = t.start(holder), t.end(holder) - 1
        else:
            raise CannotWrite("unknown argument holder")
        k = next((i for i, (a, _) in enumerate(spans) if a == arg.start), None)
        if k is None:
            raise CannotWrite("argument not found")
        self.add(_delete_item(t, spans, k, open_at, close_at))

    # -- env -----------------------------------------------------------------------------

    def _env_arg(self, syn: PyCall) -> Arg | None:
        if syn.role == "host-config":
            return None
        return syn.args.get("environment")

    def _env_value(self, t: _Text, e: ExplicitEnv) -> str:
        if e.value is not None:
            return t.quote(e.value)
        if e.reference is not None:
            self._need_os(t)
            if e.required:
                return f"os.environ[{t.quote(e.reference)}]"  # a KeyError when it is unset
            return f"os.environ.get({t.quote(e.reference)}, {t.quote('')})"
        return "None"

    def _env_item(self, t: _Text, e: ExplicitEnv) -> str:
        return f"{t.quote(e.name)}: {self._env_value(t, e)}"

    def _merge_env(self, t: _Text, arg: Arg, env: list[ExplicitEnv]) -> None:
        node = arg.value
        if isinstance(node, ast.Dict):
            existing = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            items = [self._env_item(t, e) for e in env if e.name not in existing]
            if not items:
                return
            spans = sorted(
                (t.start(k) if k is not None else t.start(v) - 2, t.end(v))
                for k, v in zip(node.keys, node.values, strict=False)
            )
            self.add(_append(t, spans, t.start(node), t.end(node) - 1, items))
        elif isinstance(node, (ast.List, ast.Tuple)) and (
            isinstance(node, ast.List) or t.text[t.start(node)] == "("
        ):
            existing = set()
            for el in node.elts:
                if isinstance(el, ast.Constant) and isinstance(el.value, str):
                    existing.add(el.value.partition("=")[0])
            items = []
            for e in env:
                if e.name in existing:
                    continue
                if e.value is not None:
                    items.append(t.quote(f"{e.name}={e.value}"))
                elif e.reference is not None:
                    items.append(f"{t.quote(e.name + '=')} + {self._env_value(t, e)}")
                else:
                    items.append(t.quote(e.name))
            if not items:
                return
            spans = [(t.start(el), t.end(el)) for el in node.elts]
            self.add(_append(t, spans, t.start(node), t.end(node) - 1, items))
        else:
            raise CannotWrite("`environment=` is not a literal delink can add to")

    def _need_os(self, t: _Text) -> None:
        if _module_binds(t.file, "os", "os"):
            return
        body = t.file.tree.body
        k = 0
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            k = 1  # after the docstring
        last_import = None
        while k < len(body) and isinstance(body[k], (ast.Import, ast.ImportFrom)):
            last_import = body[k]
            k += 1
        if last_import is not None and t.indent_of(t.start(last_import)) == "":
            end = t.end(last_import)
            rest = t.text[end:]
            line_end = end + (len(rest) - len(rest.lstrip(" \t")))
            if t.text.startswith(t.newline, line_end):
                self.add(Edit.insert(t.path, line_end + len(t.newline), "import os" + t.newline))
                return
        at = t.line_start(t.start(body[k])) if k < len(body) else len(t.text)
        self.add(Edit.insert(t.path, at, "import os" + t.newline))

    # -- targets -------------------------------------------------------------------------

    def _target(self, ch: _Change) -> None:
        syn = ch.syntax
        t = self.text(ch.container.path)
        if syn.role in ("run", "create"):
            self._target_high(ch, t)
        elif syn.role == "api":
            self._target_api(ch, t)
        else:
            raise CannotWrite("the target's create_container call was not found")

    def _existing_network(self, arg: Arg | None) -> str | None:
        """None: no network; "": bridge/default; else the other network's text."""
        if arg is None:
            return None
        v = arg.value
        if isinstance(v, ast.Constant) and isinstance(v.value, str):
            return "" if v.value in _BRIDGE else v.value
        return "?"

    def _target_high(self, ch: _Change, t: _Text) -> None:
        syn = ch.syntax
        n = self.plan.network
        net_arg = syn.args.get("network") or syn.args.get("network_mode")
        existing = self._existing_network(net_arg)
        if existing not in (None, "", n):
            raise CannotWrite("the target is on another network")
        aliases = [
            a for a in ch.aliases if a not in {v.display for v in ch.container.network_aliases}
        ]
        if aliases and "networking_config" in syn.args:
            raise CannotWrite("the target already has a networking_config")
        form = alias_form(self.project, t.path)
        if aliases:
            self.forms[t.path] = form
        if aliases and not form.modern:
            self._low_level(ch, t, aliases)
            return
        items: list[str] = []
        if existing is None and ch.join:
            items.append(f"network={t.quote(n)}")
        elif existing == "" and net_arg is not None:
            self._replace_arg(t, net_arg, "network", t.quote(n))
        if aliases:
            client, _ = self._client(ch)
            al = ", ".join(t.quote(a) for a in aliases)
            endpoint = f"{client}.api.create_endpoint_config(aliases=[{al}])"
            items.append(f"networking_config={{{t.quote(n)}: {endpoint}}}")
        if items:
            self._add_kwargs(t, syn, items)

    def _add_kwargs(
        self, t: _Text, syn: PyCall, items: list[str], call: ast.Call | None = None
    ) -> None:
        call = call or syn.call
        if syn.params is not None and call is syn.call and isinstance(syn.params, ast.Dict):
            d = syn.params
            q = "'"
            for k in d.keys:
                if isinstance(k, ast.Constant):
                    q = t.text[t.start(k)]
                    break
            entries = []
            for it in items:
                key, _, value = it.partition("=")
                entries.append(f"{q}{key}{q}: {value}")
            spans = sorted(
                (t.start(k) if k is not None else t.start(v) - 2, t.end(v))
                for k, v in zip(d.keys, d.values, strict=False)
            )
            self.add(_append(t, spans, t.start(d), t.end(d) - 1, entries))
            return
        self.add(_append(t, t.arguments(call), t.open_paren(call), t.close_paren(call), items))

    @staticmethod
    def _fresh_name(t: _Text, node: ast.AST, base: str) -> str:
        """A name not bound where ``node`` is (``container``, ``container_2``, …)."""
        r = t.file.resolver
        scope = r.scope(node)
        name = base
        k = 1
        while r.lookup(name, scope):
            k += 1
            name = f"{base}_{k}"
        return name

    def _target_api(self, ch: _Change, t: _Text) -> None:
        syn = ch.syntax
        n = self.plan.network
        client, high = self._client(ch)
        api = f"{client}.api" if high else client
        if syn.host_config is not None:
            uses = [
                c
                for c in self.project.facts[t.path].containers
                if isinstance(c.syntax, PyCall) and c.syntax.host_config is syn.host_config
            ]
            if len(uses) > 1:
                raise CannotWrite("the host config is shared by several containers")
            nm = syn.host_args.get("network_mode")
            existing = self._existing_network(nm)
            if existing not in (None, "", n):
                raise CannotWrite("the target is on another network")
            if nm is None:
                self._add_kwargs(t, syn, [f"network_mode={t.quote(n)}"], syn.host_config)
            elif existing == "":
                self._replace_arg(t, nm, "network_mode", t.quote(n))
        else:
            if "host_config" in syn.args:
                raise CannotWrite("the target's host config is not one delink can edit")
            self._add_kwargs(
                t, syn, [f"host_config={api}.create_host_config(network_mode={t.quote(n)})"]
            )
        aliases = [
            a for a in ch.aliases if a not in {v.display for v in ch.container.network_aliases}
        ]
        if aliases:
            if "networking_config" in syn.args:
                raise CannotWrite("the target already has a networking_config")
            al = ", ".join(t.quote(a) for a in aliases)
            self._add_kwargs(
                t,
                syn,
                [
                    f"networking_config={api}.create_networking_config("
                    f"{{{t.quote(n)}: {api}.create_endpoint_config(aliases=[{al}])}})"
                ],
            )

    def _low_level(self, ch: _Change, t: _Text, aliases: list[str]) -> None:
        """``client.containers.run/create(…)`` → the low-level form (docker SDK < 7.0)."""
        syn = ch.syntax
        call = syn.call
        n = self.plan.network
        if syn.params is not None:
            raise CannotWrite("arguments come through **params")
        client = _receiver_text(t, syn.receiver)
        api = f"{client}.api"
        stmt = self._statement(ch)
        create: list[str] = [t.seg(a) for a in call.args]
        if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) > 2:
            raise CannotWrite("positional arguments delink cannot map")
        host: list[str] = []
        detach = False
        for kw in call.keywords:
            name = kw.arg
            text = t.seg(kw)
            if name is None:
                raise CannotWrite("arguments come through **kwargs")
            if name in ("network", "network_mode"):
                if self._existing_network(Arg(name, kw.value, 0, 0, call)) not in ("", n):
                    raise CannotWrite("the target is on another network")
                continue
            if name == "detach":
                detach = isinstance(kw.value, ast.Constant) and kw.value.value is True
                create.append(text)
            elif name in RUN_CREATE_KWARGS:
                create.append(text)
            elif name in RUN_HOST_CONFIG_KWARGS:
                host.append(text)
            elif name == "ports":
                v = kw.value
                if isinstance(v, ast.Dict):
                    keys = ", ".join(t.seg(k) for k in v.keys if k is not None)
                    create.append(f"ports=[{keys}]")
                else:
                    create.append(f"ports=list({t.seg(v)})")
                host.append(f"port_bindings={t.seg(v)}")
            elif name == "remove" and syn.role == "run":
                host.append(f"auto_remove={t.seg(kw.value)}")
            else:
                raise CannotWrite(f"`{name}=` has no direct low-level equivalent")
        if syn.role == "run" and not detach:
            raise CannotWrite("containers.run without detach=True waits for the container")
        qn = t.quote(n)
        host.append(f"network_mode={qn}")
        al = ", ".join(t.quote(a) for a in aliases)
        create.append(f"host_config={api}.create_host_config({', '.join(host)})")
        create.append(
            f"networking_config={api}.create_networking_config("
            f"{{{qn}: {api}.create_endpoint_config(aliases=[{al}])}})"
        )
        multiline = "\n" in t.seg(call)
        indent = None
        if multiline and (call.args or call.keywords):
            first = (call.args or call.keywords)[0]
            indent = t.indent_of(t.start(first))
        if indent is not None:
            nl = t.newline
            body = (
                nl
                + "".join(indent + c + "," + nl for c in create)
                + (t.indent_of(t.close_paren(call)) or "")
            )
        else:
            body = ", ".join(create)
        new = f"{client}.containers.get({api}.create_container({body})[{t.quote('Id')}])"
        if syn.role != "run":
            self.add(Edit(t.path, t.start(call), t.end(call), new))
        elif isinstance(stmt, ast.Expr) and stmt.value is call:
            self.add(Edit(t.path, t.start(call), t.end(call), new + ".start()"))
        elif (
            isinstance(stmt, ast.Assign)
            and stmt.value is call
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            _, ind = self._statement_indent(ch, stmt)
            self.add(Edit(t.path, t.start(call), t.end(call), new))
            start = f"{t.newline}{ind}{stmt.targets[0].id}.start()"
            self.add(Edit.insert(t.path, t.end(stmt), start))
        elif isinstance(stmt, ast.Return) and stmt.value is call:
            _, ind = self._statement_indent(ch, stmt)
            name = self._fresh_name(t, call, "container")
            nl = t.newline
            self.add(
                Edit(
                    t.path,
                    t.start(stmt),
                    t.end(stmt),
                    f"{name} = {new}{nl}{ind}{name}.start(){nl}{ind}return {name}",
                )
            )
        else:
            raise CannotWrite("the started container is not assigned to a name")
        self.forms[t.path] = Form(False, alias_form(self.project, t.path).pin)


def pylinks_first_holder(ch: _Change) -> ast.AST | None:
    """The call (or ``**params`` dict) that holds the consumer's first links argument."""
    for link in sorted(ch.remove, key=lambda x: x.span.start):
        if isinstance(link.syntax, PyLink):
            return link.syntax.arg.holder
    return None


def write(plan: Plan, project: Project) -> list[Edit]:
    """Edits for the Python containers of ``plan`` (CannotWrite when they cannot be
    written exactly)."""
    w = _Writer(plan, project)
    edits = w.write()
    _form_notes(plan, project, w)
    return edits


def _form_notes(plan: Plan, project: Project, w: _Writer) -> None:
    """Say in the plan which alias form was written and why (idempotent: plans are
    cached and writers may run once per diagnostic of a group)."""
    for path, form in sorted(w.forms.items()):
        pin = form.pin
        if pin is None:
            note = Reason("sdk-unpinned", path)
            if note not in plan.reasons:
                plan.reasons.append(note)
            plan.applicability = Applicability.UNSAFE
        elif form.modern:
            note = Reason("sdk-networking-config", f"{pin.spec} ({pin.source})")
            if note not in plan.notes:
                plan.notes.append(note)
        else:
            note = Reason("sdk-low-level", f"{pin.spec} ({pin.source})")
            if note not in plan.notes:
                plan.notes.append(note)
