"""Upgrading a v1 Compose file to the Compose spec format, links migrated.

Compose 1.7's upgrade guide, in the file's own style: the services move under
``services:`` (every line from the first service on is indented by the file's own
indent; comments and blank lines move with them), ``net`` becomes ``network_mode``
(``container:<service>`` → ``service:<service>``), ``dockerfile`` moves into
``build.dockerfile``, ``log_driver``/``log_opt`` become ``logging``, named volumes are
declared at the top level under their own name (so the same volumes are used), and
``volumes_from`` a container that is not a service gets ``container:``. Then every link
is migrated as on a project network (:mod:`delink.fixes.compose`) and every link variable
the consumers read becomes an explicit ``environment`` entry, because v1 injected them.
No ``version`` key is added: Compose 1.27+ and Compose v2 read the spec format.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.diagnostics import Applicability, Edit, Fix
from delink.facts import ComposeFile, Container
from delink.fixes.compose_edit import EditError, apply, scalar, service_edits
from delink.model import LinkKind
from delink.sources.compose.nodes import (
    column,
    is_map,
    is_scalar,
    is_seq,
    line_start,
    pair_range,
    pairs,
    scalar_text,
)
from delink.sources.compose.syntax import DocSyntax, ServiceSyntax

if TYPE_CHECKING:
    from delink.fixes.compose import ComposePlanner, _Plan

__all__ = ["upgrade", "upgrade_text"]

_NAMED_VOLUME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*):(/.*)$")


def upgrade(planner: ComposePlanner, cf: ComposeFile) -> Fix | None:
    from delink.fixes.compose import _names, _Plan, _unique

    doc = cf.syntax
    if not isinstance(doc, DocSyntax) or doc.embedded:
        return None
    if doc.masked:
        return planner._display("upgrade the template to the Compose spec format by hand")
    plan = _Plan()
    kept: list[str] = []
    migrated: list[str] = []
    for c in cf.services.values():
        svc = c.syntax
        assert isinstance(svc, ServiceSyntax)
        for link in c.links:
            if link.error is not None:
                kept.append(link.value.display)
                continue
            if link.origin == "links" and link.kind is LinkKind.LEGACY:
                got = planner._endpoint_part(link, plan, legacy=True, form="map-restart")
                if got is None:
                    kept.append(link.value.display)
                else:
                    migrated.append(link.value.display)
                planner._env(link, plan, v1=True)
            elif link.origin == "external_links":
                if planner.project.targets(link):
                    got = planner._endpoint_part(link, plan, legacy=True)
                    (kept if got is None else migrated).append(link.value.display)
                else:
                    done: list[str] = []
                    planner._external_network(c, cf, [link], plan, done)
                    migrated += done
                planner._env(link, plan, v1=True)
        try:
            _v1_keys(planner, cf, c, svc, plan)
        except EditError as exc:
            return planner._display(f"upgrade `{cf.path}` by hand: {exc}")
    if kept:
        plan.notes.append(
            f"{_names(kept)} stay as links (their alias cannot become a network alias)"
        )
    edits: list[Edit] = []
    try:
        edits += _file_edits(planner, cf, plan)
        for other in _partners(planner, cf):
            edits += _file_edits(planner, other, None)
    except EditError as exc:
        return planner._display(f"upgrade `{cf.path}` to the Compose spec format by hand ({exc})")
    for change in plan.changes.values():
        if change.svc.doc is not doc and not change.empty:
            try:
                d2 = change.svc.doc
                if d2.is_v1:
                    continue  # the partner upgrade above holds no link changes
                from delink.fixes.compose_edit import to_edits

                edits += to_edits(d2.path, d2.host, service_edits(change))
            except EditError as exc:
                return planner._display(f"upgrade `{cf.path}` by hand: {exc}")
    message = f"upgrade `{cf.path}` to the Compose spec format"
    if migrated:
        message += (
            f" and replace its links {_names(migrated)} with `depends_on` and network aliases"
        )
    env = [k for ch in plan.changes.values() for k, _ in ch.env]
    if env:
        message += f"; set {_names(env)} explicitly"
    extra = _unique(plan.notes + plan.reasons)
    if extra:
        message += " (" + "; ".join(extra) + ")"
    applicability = Applicability.UNSAFE if plan.reasons else Applicability.SAFE
    from delink.fixes.compose import _merge

    return Fix(applicability, message, tuple(sorted(set(_merge(edits)))))


def _partners(planner: ComposePlanner, cf: ComposeFile) -> list[ComposeFile]:
    """v1 files that must move with ``cf``: its project's files and the files its
    services extend (Compose cannot mix v1 and spec files)."""
    out: list[ComposeFile] = []
    index = planner.index
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


def _file_edits(planner: ComposePlanner, cf: ComposeFile, plan: _Plan | None) -> list[Edit]:
    doc = cf.syntax
    assert isinstance(doc, DocSyntax)
    text = doc.text
    edits: list[tuple[int, int, str]] = []
    top: list[tuple[str, list[tuple[str, dict[str, str]]]]] = []
    if plan is not None:
        for change in plan.changes.values():
            if change.svc.doc is doc and not change.empty:
                edits += service_edits(change)
        for f, key, entries in plan.top:
            if f is cf:
                top.append((key, entries))
        volumes = _named_volumes(doc)
        if volumes:
            top.append(("volumes", [(v, {"name": scalar(v)}) for v in volumes]))
    elif plan is None:
        for c in cf.services.values():
            from delink.fixes.compose import _Plan

            p = _Plan()
            svc = c.syntax
            assert isinstance(svc, ServiceSyntax)
            _v1_keys(planner, cf, c, svc, p)
            for change in p.changes.values():
                if not change.empty:
                    edits += service_edits(change)
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
    planner: ComposePlanner, cf: ComposeFile, c: Container, svc: ServiceSyntax, plan: _Plan
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
        _remove_pair(plan.change(c), "net")
    elif net is not None and not net.merged:
        ch = plan.change(c)
        ch.renames.append((net.key, "network_mode"))
        value = scalar_text(net.value) or ""
        if value.startswith("container:") and value.split(":", 1)[1] in cf.services:
            ch.replace_values.append((net.value, scalar("service:" + value.split(":", 1)[1])))
    df = sp.get("dockerfile")
    build = sp.get("build")
    if df is not None and not df.merged:
        ch = plan.change(c)
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
        ch = plan.change(c)
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
                plan.change(c).replace_values.append((item, scalar("container:" + t)))


def _remove_pair(ch: object, key: str) -> None:
    from delink.fixes.compose_edit import ServiceChange

    assert isinstance(ch, ServiceChange)
    if key not in ch.remove_keys:
        ch.remove_keys.append(key)


def _drop_value(ch: object, pair: object, text: str) -> None:
    """Remove ``: value`` after a key whose text is replaced by a whole block."""
    from delink.fixes.compose_edit import ServiceChange
    from delink.sources.compose.nodes import Pair, value_end

    assert isinstance(ch, ServiceChange) and isinstance(pair, Pair)
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
