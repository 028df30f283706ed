"""Upgrading a v1 Compose file to the Compose spec format, links migrated.

Compose 1.7's upgrade guide, in the file's own style: the services move under
``services:`` (every line from the first service on is indented by the file's own
indent; comments and blank lines move with them), ``net`` becomes ``network_mode``
(``container:<service>`` → ``service:<service>``), ``dockerfile`` moves into
``build.dockerfile``, ``log_driver``/``log_opt`` become ``logging``, named volumes are
declared at the top level under their own name (so the same volumes are used), and
``volumes_from`` a container that is not a service gets ``container:``. The link changes
come from the plan (:mod:`delink.planning.compose_v1`).
No ``version`` key is added: Compose 1.27+ and Compose v2 read the spec format.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.diagnostics import Edit
from delink.facts import ComposeFile, Container
from delink.fixes.compose import finish, service_changes
from delink.fixes.compose_edit import (
    EditError,
    ServiceChange,
    apply,
    scalar,
    service_edits,
    to_edits,
)
from delink.planning.model import NetworkDeclaration, Plan
from delink.planning.writers import CannotWrite
from delink.sources.compose.nodes import (
    Pair,
    column,
    is_map,
    is_scalar,
    is_seq,
    line_start,
    pair_range,
    pairs,
    scalar_text,
    value_end,
)
from delink.sources.compose.syntax import DocSyntax, ServiceSyntax

if TYPE_CHECKING:
    from delink.project import Project
    from delink.sources.compose.merge import ComposeIndex

__all__ = ["upgrade_edits", "upgrade_text"]

_NAMED_VOLUME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*):(/.*)$")


def upgrade_edits(plan: Plan, project: Project) -> list[Edit]:
    """The edits that upgrade ``plan.upgrade`` (and the v1 files that must move with it)
    and carry out the plan's link changes."""
    cf = plan.upgrade
    assert cf is not None
    doc = cf.syntax
    assert isinstance(doc, DocSyntax)
    index = project.compose
    changes = service_changes(plan)
    for c in cf.services.values():
        svc = c.syntax
        assert isinstance(svc, ServiceSyntax)
        try:
            _v1_keys(cf, c, svc, changes)
        except EditError as exc:
            raise CannotWrite(str(exc), f"upgrade `{cf.path}` by hand: {exc}") from exc
    edits: list[Edit] = []
    try:
        edits += _file_edits(cf, changes, plan.declare)
        for other in _partners(index, cf):
            edits += _file_edits(other, None, [])
    except EditError as exc:
        raise CannotWrite(
            str(exc), f"upgrade `{cf.path}` to the Compose spec format by hand ({exc})"
        ) from exc
    for change in changes.values():
        d2 = change.svc.doc
        if d2 is doc or change.empty or d2.is_v1:
            continue  # a v1 partner's upgrade above holds no link changes
        try:
            edits += to_edits(d2.path, d2.host, service_edits(change))
        except EditError as exc:
            raise CannotWrite(str(exc), f"upgrade `{cf.path}` by hand: {exc}") from exc
    return finish(edits)


def _change(changes: dict[str, ServiceChange], c: Container) -> ServiceChange:
    got = changes.get(c.key)
    if got is None:
        assert isinstance(c.syntax, ServiceSyntax)
        got = changes[c.key] = ServiceChange(c.syntax)
    return got


def _partners(index: ComposeIndex, cf: ComposeFile) -> list[ComposeFile]:
    """v1 files that must move with ``cf``: its project's files and the files its
    services extend (Compose cannot mix v1 and spec files)."""
    out: list[ComposeFile] = []
    for g in index.project_files(cf):
        if g is not cf and g.format == "v1" and not g.embedded:
            out.append(g)
    for _service, file, _base in cf.extends:
        if not file:
            continue
        for g in index.by_path.get(file, []):
            if g is not cf and g.format == "v1" and g not in out and not g.embedded:
                out.append(g)
    return out


def _file_edits(
    cf: ComposeFile,
    changes: dict[str, ServiceChange] | None,
    declare: list[NetworkDeclaration],
) -> list[Edit]:
    """The edit of one v1 file: its services' changes (``changes`` None: only its v1
    keys, for a file that moves with the one upgraded), its services moved under
    ``services:``, its networks and named volumes declared."""
    doc = cf.syntax
    assert isinstance(doc, DocSyntax)
    text = doc.text
    edits: list[tuple[int, int, str]] = []
    top: list[tuple[str, list[tuple[str, dict[str, str]]]]] = []
    if changes is None:
        changes = {}
        for c in cf.services.values():
            svc = c.syntax
            assert isinstance(svc, ServiceSyntax)
            _v1_keys(cf, c, svc, changes)
    for change in changes.values():
        if change.svc.doc is doc and not change.empty:
            edits += service_edits(change)
    for decl in declare:
        if decl.file is cf:
            top.append(("networks", [(decl.name, dict(decl.attrs))]))
    volumes = _named_volumes(doc)
    if volumes:
        top.append(("volumes", [(v, {"name": scalar(v)}) for v in volumes]))
    new = upgrade_text(doc, apply(text, edits), top)
    first = cf.first_service
    start = line_start(text, first.start) if first is not None else 0
    return [Edit(doc.path, start, len(text), new[start:])]


def upgrade_text(
    doc: DocSyntax, text: str, top: list[tuple[str, list[tuple[str, dict[str, str]]]]]
) -> str:
    """Put the services of a v1 text under ``services:`` and declare ``top`` entries."""
    nl = doc.newline
    u = doc.indent
    first_keys = [p.key for p in pairs(doc.root)]
    if not first_keys:
        return text
    start = line_start(text, first_keys[0].start_mark.index)
    head, body = text[:start], text[start:]
    lines = body.splitlines(keepends=True)
    out = [head, "services:" + nl]
    for ln in lines:
        stripped = ln.rstrip("\r\n")
        if stripped.strip() == "" or stripped in ("---", "..."):
            out.append(ln)
        else:
            out.append(" " * u + ln)
    result = "".join(out)
    if not result.endswith(("\n", "\r")):
        result += nl
    merged: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for key, entries in top:
        merged.setdefault(key, [])
        for e in entries:
            if e[0] not in [x[0] for x in merged[key]]:
                merged[key].append(e)
    for key, entries in merged.items():
        result += key + ":" + nl
        for name, attrs in entries:
            if attrs:
                result += " " * u + scalar(name) + ":" + nl
                result += "".join(" " * (2 * u) + f"{a}: {b}" + nl for a, b in attrs.items())
            else:
                result += " " * u + scalar(name) + ": {}" + nl
    return result


def _named_volumes(doc: DocSyntax) -> list[str]:
    out: list[str] = []
    for svc in doc.services.values():
        p = svc.pairs.get("volumes")
        if p is None or not is_seq(p.value):
            continue
        for item in p.value.value:
            text = scalar_text(item) if is_scalar(item) else None
            if not text:
                continue
            m = _NAMED_VOLUME.match(text)
            if m and "$" not in m.group(1) and m.group(1) not in out:
                out.append(m.group(1))
    return out


def _v1_keys(
    cf: ComposeFile, c: Container, svc: ServiceSyntax, changes: dict[str, ServiceChange]
) -> None:
    """v1-only service keys to their spec form."""
    doc = svc.doc
    text = doc.text
    nl = doc.newline
    u = doc.indent
    sp = svc.pairs
    net = sp.get("net")
    if (
        net is not None
        and not net.merged
        and (scalar_text(net.value) or "") in ("bridge", "default")
    ):
        # v1 services were on the default bridge anyway; upgraded, they join the
        # project network with the others (where the migrated links point)
        _remove_pair(_change(changes, c), "net")
    elif net is not None and not net.merged:
        ch = _change(changes, c)
        ch.renames.append((net.key, "network_mode"))
        value = scalar_text(net.value) or ""
        if value.startswith("container:") and value.split(":", 1)[1] in cf.services:
            ch.replace_values.append((net.value, scalar("service:" + value.split(":", 1)[1])))
    df = sp.get("dockerfile")
    build = sp.get("build")
    if df is not None and not df.merged:
        ch = _change(changes, c)
        if build is not None and is_scalar(build.value) and not build.merged:
            col = column(text, build.key.start_mark.index)
            ctx_raw = text[build.value.start_mark.index : build.value.end_mark.index]
            df_raw = text[df.value.start_mark.index : df.value.end_mark.index]
            colon = text.find(":", build.key.end_mark.index)
            ch.replace_values.append(
                (
                    _Span(colon + 1, build.value.end_mark.index),
                    f"{nl}{' ' * (col + u)}context: {ctx_raw}"
                    f"{nl}{' ' * (col + u)}dockerfile: {df_raw}",
                )
            )
            _remove_pair(ch, "dockerfile")
        elif build is not None and is_map(build.value):
            raise EditError(f"`{svc.name}` has both `build` options and `dockerfile`")
        else:
            raise EditError(f"`{svc.name}` has `dockerfile` without `build`")
    drv = sp.get("log_driver")
    opt = sp.get("log_opt")
    if (drv is not None and not drv.merged) or (opt is not None and not opt.merged):
        ch = _change(changes, c)
        anchor = drv or opt
        assert anchor is not None
        col = column(text, anchor.key.start_mark.index)
        lines = [" " * col + "logging:" + nl]
        if drv is not None:
            raw = text[drv.value.start_mark.index : drv.value.end_mark.index]
            lines.append(" " * (col + u) + f"driver: {raw}" + nl)
        if opt is not None and is_map(opt.value):
            if opt.value.flow_style:
                raw = text[opt.value.start_mark.index : opt.value.end_mark.index]
                lines.append(" " * (col + u) + f"options: {raw}" + nl)
            else:
                lines.append(" " * (col + u) + "options:" + nl)
                for q in pairs(opt.value):
                    r = pair_range(text, q.key, q.value)
                    if r is None:
                        raise EditError("`log_opt` is written in a way delink does not move")
                    block = text[r[0] : r[1]]
                    shift = col + 2 * u - column(text, q.key.start_mark.index)
                    block = "".join(
                        (" " * shift + ln if ln.strip() else ln) if shift >= 0 else ln[-shift:]
                        for ln in block.splitlines(keepends=True)
                    )
                    lines.append(block if block.endswith(("\n", "\r")) else block + nl)
        ch.replace_values.append((anchor.key, "".join(lines)[col:].rstrip("\r\n")))
        # replace the key text with the logging block; drop the old value and the other key
        _drop_value(ch, anchor, text)
        other = opt if anchor is drv else None
        if other is not None:
            _remove_pair(ch, other.name)
    vf = sp.get("volumes_from")
    if vf is not None and is_seq(vf.value) and not vf.merged:
        for item in vf.value.value:
            t = scalar_text(item) if is_scalar(item) else None
            if not t or t.startswith(("container:", "service:")):
                continue
            name = t.split(":", 1)[0]
            if name not in cf.services:
                _change(changes, c).replace_values.append((item, scalar("container:" + t)))


def _remove_pair(ch: ServiceChange, key: str) -> None:
    if key not in ch.remove_keys:
        ch.remove_keys.append(key)


def _drop_value(ch: ServiceChange, pair: Pair, text: str) -> None:
    """Remove ``: value`` after a key whose text is replaced by a whole block."""
    end = value_end(text, pair.key, pair.value)
    ch.replace_values.append((_Span(pair.key.end_mark.index, end), ""))


class _Span:
    """A node-like range for ``replace_values``."""

    class _M:
        def __init__(self, i: int) -> None:
            self.index = i

    def __init__(self, start: int, end: int) -> None:
        self.start_mark = self._M(start)
        self.end_mark = self._M(end)
