"""Compose documents -> facts: services, links, environment, commands, networks.

Each service is a :class:`~delink.facts.Container` (``origin="compose service"``), each
``links`` / ``external_links`` entry a :class:`~delink.facts.Link` whose kind follows
the format and the service's networking:

=====================================  =====================================================
v1 file, Blockade, ``network_mode:     ``LEGACY``: /etc/hosts and env vars; v1 adds the link
bridge``                               names ``db_1`` and ``<project>_db_1`` (Compose v2 on
                                       bridge: ``db-1``, ``<project>-db-1``)
v2+/spec on project networks           ``ENDPOINT`` (``links``): an alias for this service
                                       only, plus an implied ``depends_on``; ``EXTERNAL``
                                       (``external_links``)
``network_mode: host|service:|         ``REJECTED`` by the daemon; ``none``: ``NOOP``
container:``
=====================================  =====================================================

``environment`` entries are :class:`~delink.facts.EnvEntry` (link-shaped names also
:class:`~delink.facts.EnvSet` shims); ``command``, ``entrypoint`` and ``healthcheck``
go through the shell source with an exact offset map and the service's container key.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from delink.diagnostics import Span
from delink.facts import (
    ComposeFile,
    Container,
    EnvEntry,
    EnvRead,
    EnvSet,
    FileFacts,
    Link,
    NetworkDecl,
    Statement,
    Value,
)
from delink.model import (
    LinkKind,
    NetworkKind,
    is_unambiguous_link_var,
    parse_expose,
    parse_link_var,
    parse_publish,
)
from delink.sources.compose.detect import STACKFILE_KEYS, detect
from delink.sources.compose.interpolate import dotenv, interpolate, references
from delink.sources.compose.nodes import (
    Pair,
    column,
    content_end,
    is_map,
    is_null,
    is_scalar,
    is_seq,
    pairs,
    scalar_text,
    value_end,
)
from delink.sources.compose.syntax import DocSyntax, LinkSyntax, ServiceSyntax
from delink.text import OffsetMap

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["COMPOSE_BASES", "COMPOSE_OVERRIDES", "Reader", "project_name_v1", "project_name_v2"]

LANGUAGE = "compose"
COMPOSE_BASES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
COMPOSE_OVERRIDES = (
    "compose.override.yaml",
    "compose.override.yml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/)", re.IGNORECASE)


def project_name_v1(name: str) -> str:
    """Compose 1 ``normalize_name``: lower case, only ``-``, ``_``, letters and digits."""
    return re.sub(r"[^-_a-z0-9]", "", name.lower())


def project_name_v2(name: str) -> str:
    """compose-go ``NormalizeProjectName``."""
    out = re.sub(r"[^a-z0-9_-]", "", name.lower())
    return out.lstrip("_-")


def _detect_indent(text: str, root: Any) -> tuple[int, int]:
    """(mapping indent, dash offset) as the file writes them."""
    indents: dict[int, int] = {}
    dash: dict[int, int] = {}

    def walk(node: Any, depth: int) -> None:
        if depth > 6:
            return
        if is_map(node) and not node.flow_style:
            col = None
            for k, v in node.value:
                col = column(text, k.start_mark.index)
                if is_map(v) and not v.flow_style and v.value:
                    child = column(text, v.value[0][0].start_mark.index)
                    if child > col:
                        indents[child - col] = indents.get(child - col, 0) + 1
                if is_seq(v) and not v.flow_style and v.value:
                    from delink.sources.compose.nodes import dash_before

                    d = dash_before(text, v.value[0])
                    if d is not None and text[d - column(text, d) : d].strip() == "":
                        off = column(text, d) - col
                        if off >= 0:
                            dash[off] = dash.get(off, 0) + 1
                walk(v, depth + 1)
        elif is_seq(node):
            for item in node.value:
                walk(item, depth + 1)

    walk(root, 0)
    indent = max(indents, key=lambda k: indents[k]) if indents else 2
    offset = max(dash, key=lambda k: dash[k]) if dash else indent
    return indent, offset


class Reader:
    """Reads one Compose document of a file (or of a Markdown code block)."""

    def __init__(
        self,
        facts: FileFacts,
        src: SourceText,
        ctx: Context,
        text: str,
        outer: OffsetMap | None,
        *,
        embedded: bool,
        compose_named: bool,
        masked: bool = False,
    ) -> None:
        self.facts = facts
        self.src = src
        self.ctx = ctx
        self.text = text
        self.outer = outer
        self.embedded = embedded
        self.compose_named = compose_named
        self.masked = masked
        self.path = src.path
        directory = os.path.dirname(src.path)
        self.project_dir = directory or "."
        self.env = dotenv(self.project_dir).values if not embedded else {}
        self._branch_at: Callable[[int], tuple[tuple[int, int], ...]] | None = None

    def branches(self, pos: int) -> tuple[tuple[int, int], ...]:
        """The template branches an offset of a masked file is written in."""
        if self._branch_at is None:
            from delink.sources.compose.template import branch_at

            self._branch_at = branch_at(self.src.text)
        return self._branch_at(pos)

    # -- offsets -------------------------------------------------------------------------

    def host(self, i: int) -> int:
        return self.outer(i) if self.outer is not None else i

    def host_end(self, i: int) -> int:
        return self.outer.end(i) if self.outer is not None else i

    def span(self, start: int, end: int) -> Span:
        a = self.host(start)
        return Span(self.path, a, max(a, self.host_end(end)))

    def node_span(self, node: Any) -> Span:
        return self.span(node.start_mark.index, content_end(self.text, node))

    def chars(self, node: Any) -> tuple[str, OffsetMap] | None:
        """A scalar's value and the host offset of each character."""
        from delink.sources.embedded.yamlscalar import scalar_chars

        col = column(self.text, node.start_mark.index)
        got = scalar_chars(self.text, node, max(1, col))
        if got is None:
            return None
        if self.outer is not None:
            return got[0], self.outer.compose(got[1])
        return got

    def value(self, node: Any) -> Value:
        raw = self.text[node.start_mark.index : node.end_mark.index]
        text = scalar_text(node) or ""
        got = interpolate(text, self.env)
        return Value(raw, self.node_span(node), got.value, self.shown(node, text))

    def shown(self, node: Any, text: str) -> str:
        """How a value reads in messages: in a masked template, the tags as written
        (``{{ s }}``), not the stand-ins that let YAML read them."""
        if not self.masked or self.outer is not None:
            return text
        start, end = node.start_mark.index, node.end_mark.index
        written = self.src.text[start:end]
        if written == self.text[start:end]:
            return text
        if node.style in ("'", '"') and len(written) >= 2:
            return written[1:-1]
        return written

    def sub_value(self, node: Any, start: int, end: int, part: str) -> Value:
        """A part of a scalar (``db`` of ``db:database``) with its exact host span."""
        got = self.chars(node)
        if got is not None and end <= len(got[0]):
            omap = got[1]
            span = Span(self.path, omap(start), max(omap(start), omap.end(end)))
        else:
            span = self.node_span(node)
        interp = interpolate(part, self.env)
        shown = part
        if self.masked and self.outer is None and got is not None:
            shown = self.src.text[span.start : span.end]
        return Value(part, span, interp.value, shown)

    # -- the document --------------------------------------------------------------------

    def read(self, root: Any) -> bool:
        """Facts of one document; False when it is not Compose."""
        found = detect(root, self.compose_named)
        if found is None:
            return False
        fmt, services_pair = found
        top = {p.name: p for p in pairs(root)}
        indent, seq_offset = _detect_indent(self.text, root)
        doc = DocSyntax(
            path=self.path,
            text=self.text,
            root=root,
            format=fmt,
            services_pair=services_pair,
            top=top,
            indent=indent,
            seq_offset=seq_offset,
            newline=self.src.newline,
            embedded=self.embedded,
            host=self.host,
            env=self.env,
            masked=self.masked,
        )
        if fmt == "v1":
            service_pairs = [p for p in pairs(root) if not p.name.startswith("x-")]
            doc.stackfile = any(
                q.name in STACKFILE_KEYS for p in service_pairs for q in pairs(p.value)
            )
        else:
            service_pairs = pairs(services_pair.value) if services_pair is not None else []
        name_key = top.get("name")
        project = self.env.get("COMPOSE_PROJECT_NAME") or (
            scalar_text(name_key.value) if name_key is not None and fmt != "v1" else None
        )
        if not project:
            project = os.path.basename(os.path.abspath(self.project_dir)) or "default"
        version = top.get("version")
        cf = ComposeFile(
            path=self.path,
            span=self.span(root.start_mark.index, content_end(self.text, root)),
            format=fmt,
            version=self.value(version.value)
            if version is not None and is_scalar(version.value)
            else None,
            project_dir=os.path.normpath(self.project_dir),
            project_name=project,
            embedded=self.embedded,
            syntax=doc,
        )
        self.cf = cf
        self.doc = doc
        self.project = project
        # services first (targets of links in the same file); a masked template may
        # write one service in two branches: each is read with its own keys
        written = [(p, self.service_syntax(doc, p)) for p in service_pairs]
        for p, svc in written:
            doc.services[p.name] = svc
        containers = []
        for p, svc in written:
            container = self.container(svc, p)
            cf.services[p.name] = container
            containers.append(container)
            self.facts.containers.append(container)
            self.statement(p.key, p.value)
        for (_p, svc), container in zip(written, containers, strict=True):
            self.links(svc, container, cf)
        if service_pairs:
            first = service_pairs[0].key
            cf.first_service = self.span(first.start_mark.index, first.end_mark.index)
        self.networks_top(cf, top)
        self.relations(cf, top, doc)
        self.facts.compose.append(cf)
        return True

    def statement(self, key: Any, value: Any) -> None:
        start = self.host(key.start_mark.index)
        end = self.host_end(value_end(self.text, key, value))
        self.facts.statements.append(Statement(start, max(start, end)))

    def networks_top(self, cf: ComposeFile, top: dict[str, Pair]) -> None:
        nets = top.get("networks")
        if nets is None or not is_map(nets.value):
            return
        for p in pairs(nets.value):
            span = self.span(p.key.start_mark.index, p.key.end_mark.index)
            cf.networks[p.name] = span
            self.facts.networks.append(NetworkDecl(p.name, span))

    def relations(self, cf: ComposeFile, top: dict[str, Pair], doc: DocSyntax) -> None:
        """Files of the same Compose project: override naming, COMPOSE_FILE, include."""
        if self.embedded:
            return
        d = self.project_dir
        base = os.path.basename(self.path)
        partners: list[str] = []
        if base in COMPOSE_BASES:
            stem = base.rsplit(".", 1)[0]
            partners += [f"{stem}.override.yml", f"{stem}.override.yaml"]
        elif base in COMPOSE_OVERRIDES:
            stem = base.split(".override.", 1)[0]
            partners += [f"{stem}.yml", f"{stem}.yaml"]
        files = self.env.get("COMPOSE_FILE")
        if files:
            sep = self.env.get("COMPOSE_PATH_SEPARATOR") or (";" if ";" in files else ":")
            listed = [f.strip() for f in files.split(sep) if f.strip()]
            norm = [os.path.normpath(os.path.join(d, f)) for f in listed]
            if os.path.normpath(self.path) in norm:
                partners += listed
        cf.partners = tuple(dict.fromkeys(os.path.normpath(os.path.join(d, f)) for f in partners))
        includes: list[str] = []
        inc = top.get("include")
        if inc is not None and is_seq(inc.value):
            for item in inc.value.value:
                if is_scalar(item):
                    includes.append(str(item.value))
                elif is_map(item):
                    for p in pairs(item):
                        if p.name == "path":
                            if is_scalar(p.value):
                                includes.append(str(p.value.value))
                            elif is_seq(p.value):
                                includes += [str(x.value) for x in p.value.value if is_scalar(x)]
        cf.includes = tuple(os.path.normpath(os.path.join(d, f)) for f in includes)
        ext: list[tuple[str, str, str]] = []
        for name, svc in doc.services.items():
            if svc.extends is not None:
                f, s = svc.extends
                ext.append((name, os.path.normpath(os.path.join(d, f)) if f else "", s))
        cf.extends = tuple(ext)

    # -- services ------------------------------------------------------------------------

    def service_syntax(self, doc: DocSyntax, pair: Pair) -> ServiceSyntax:
        node = pair.value
        sp = {p.name: p for p in pairs(node)}
        svc = ServiceSyntax(doc, pair.name, pair.key, node, sp)
        cn = sp.get("container_name") or (sp.get("name") if doc.format == "blockade" else None)
        if cn is not None and is_scalar(cn.value):
            svc.container_name = interpolate(scalar_text(cn.value) or "", self.env).value
        nm = sp.get("net" if doc.format == "v1" else "network_mode")
        if nm is not None and is_scalar(nm.value) and not is_null(nm.value):
            text = scalar_text(nm.value) or ""
            got = interpolate(text, self.env)
            svc.network_mode = got.value if got.value is not None else text
            svc.network_mode_pair = nm
        nets = sp.get("networks")
        if nets is not None and doc.format not in ("v1", "blockade"):
            svc.networks_explicit = True
            if is_seq(nets.value):
                svc.networks = [str(x.value) for x in nets.value.value if is_scalar(x)]
            elif is_map(nets.value):
                for p in pairs(nets.value):
                    svc.networks.append(p.name)
                    al = None
                    if is_map(p.value):
                        for q in pairs(p.value):
                            if q.name == "aliases" and is_seq(q.value):
                                al = [str(x.value) for x in q.value.value if is_scalar(x)]
                    if al:
                        svc.aliases[p.name] = al
        if not svc.networks and svc.network_mode is None and doc.format not in ("v1", "blockade"):
            svc.networks = ["default"]
        dep = sp.get("depends_on")
        if dep is not None:
            if is_seq(dep.value):
                svc.depends_on = [str(x.value) for x in dep.value.value if is_scalar(x)]
            elif is_map(dep.value):
                svc.depends_on = [p.name for p in pairs(dep.value)]
        ext = sp.get("extends")
        if ext is not None:
            if is_scalar(ext.value):
                svc.extends = ("", str(ext.value.value))
            elif is_map(ext.value):
                e = {p.name: p.value for p in pairs(ext.value)}
                f = scalar_text(e.get("file")) or ""
                s = scalar_text(e.get("service")) or ""
                if s:
                    svc.extends = (f, s)
        build = sp.get("build")
        if build is not None:
            if is_scalar(build.value):
                svc.build = scalar_text(build.value)
            elif is_map(build.value):
                ctx = {p.name: p.value for p in pairs(build.value)}.get("context")
                svc.build = scalar_text(ctx) if ctx is not None else "."
        env = sp.get("environment")
        if env is not None:
            svc.env_style = "list" if is_seq(env.value) else "map" if is_map(env.value) else None
        svc.has_env_file = "env_file" in sp
        svc.complete = any(k in sp for k in ("image", "build", "extends"))
        return svc

    def container(self, svc: ServiceSyntax, pair: Pair) -> Container:
        key_node = pair.key
        start = key_node.start_mark.index
        end = value_end(self.text, key_node, pair.value)
        anchor = self.span(start, key_node.end_mark.index)
        origin = "blockade container" if svc.doc.format == "blockade" else "compose service"
        c = Container(
            key=f"{self.path}:{self.host(start)}",
            path=self.path,
            span=self.span(start, end),
            anchor=anchor,
            origin=origin,
            language=LANGUAGE,
            service=svc.name,
            syntax=svc,
        )
        sp = svc.pairs
        cn = sp.get("container_name")
        if cn is not None and is_scalar(cn.value):
            c.name = self.value(cn.value)
        img = sp.get("image")
        if img is not None and is_scalar(img.value):
            c.image = self.value(img.value)
        if svc.network_mode_pair is not None:
            c.network = self.value(svc.network_mode_pair.value)
        elif svc.networks:
            nets = sp.get("networks")
            c.network = Value.static(
                svc.networks[0], anchor if nets is None else self.node_span(nets.value)
            )
        nets = sp.get("networks")
        if nets is not None:
            items = (
                nets.value.value
                if is_seq(nets.value)
                else [k for k, _ in nets.value.value]
                if is_map(nets.value)
                else []
            )
            for x in items:
                if is_scalar(x):
                    c.networks.append(self.value(x))
        for aliases in svc.aliases.values():
            c.network_aliases += [Value.static(a, anchor) for a in aliases]
        hn = sp.get("hostname")
        if hn is not None and is_scalar(hn.value):
            c.hostname = self.value(hn.value)
        self.ports(c, sp)
        self.environment(c, svc, sp)
        ef = sp.get("env_file")
        if ef is not None:
            items = ef.value.value if is_seq(ef.value) else [ef.value]
            for x in items:
                if is_scalar(x):
                    c.env_files.append(self.value(x))
                elif is_map(x):
                    path = {p.name: p.value for p in pairs(x)}.get("path")
                    if path is not None and is_scalar(path):
                        c.env_files.append(self.value(path))
        if (svc.build is not None and not _URL.match(svc.build) and not self.embedded) or (
            svc.build is not None and self.embedded
        ):
            c.build_context = os.path.normpath(os.path.join(self.project_dir, svc.build))
        for key in ("command", "entrypoint"):
            p = sp.get(key)
            if p is not None and not p.merged:
                self.command(c, p.value)
        hc = sp.get("healthcheck")
        if hc is not None and is_map(hc.value) and not hc.merged:
            test = {q.name: q.value for q in pairs(hc.value)}.get("test")
            if test is not None:
                self.healthcheck(c, test)
        for p in sp.values():
            if not p.merged and p.key.start_mark.index >= start and p.key.start_mark.index < end:
                self.statement(p.key, p.value)
        return c

    def ports(self, c: Container, sp: dict[str, Pair]) -> None:
        for key, parse in (("expose", parse_expose), ("ports", parse_publish)):
            p = sp.get(key)
            if p is None or not is_seq(p.value):
                continue
            for item in p.value.value:
                found: list[str] = []
                if is_scalar(item):
                    text = scalar_text(item) or ""
                    got = interpolate(text, self.env).value
                    if got is None:
                        continue
                    try:
                        found = parse(got)
                    except ValueError:
                        continue
                elif is_map(item):
                    m = {q.name: scalar_text(q.value) for q in pairs(item)}
                    target = m.get("target")
                    if target:
                        try:
                            found = parse_expose(f"{target}/{(m.get('protocol') or 'tcp').lower()}")
                        except ValueError:
                            continue
                for port in found:
                    if port not in c.ports:
                        c.ports.append(port)

    def environment(self, c: Container, svc: ServiceSyntax, sp: dict[str, Pair]) -> None:
        p = sp.get("environment")
        if p is None:
            return
        node = p.value
        if is_map(node):
            for q in pairs(node):
                name = q.name
                start = q.key.start_mark.index
                end = value_end(self.text, q.key, q.value)
                value = (
                    None
                    if is_null(q.value)
                    else self.value(q.value)
                    if is_scalar(q.value)
                    else None
                )
                c.env.append(EnvEntry(name, value, self.span(start, end)))
                svc.env_names.append(name)
                offset = 1 if q.key.style in ("'", '"') else 0
                self.env_set(name, start + offset, c)
                if is_scalar(q.value) and not is_null(q.value):
                    self.value_reads(c, q.value)
        elif is_seq(node):
            for item in node.value:
                if not is_scalar(item):
                    continue
                text = scalar_text(item) or ""
                name, eq, rest = text.partition("=")
                name = name.strip()
                if not name:
                    continue
                span = self.node_span(item)
                value = None
                if eq:
                    got = self.chars(item)
                    if got is not None:
                        omap = got[1]
                        vs = len(name) + 1
                        vspan = Span(self.path, omap(vs), max(omap(vs), omap.end(len(text))))
                    else:
                        vspan = span
                    interp = interpolate(rest, self.env)
                    value = Value(rest, vspan, interp.value, rest)
                c.env.append(EnvEntry(name, value, span))
                svc.env_names.append(name)
                offset = 1 if item.style in ("'", '"') else 0
                self.env_set(name, item.start_mark.index + offset, c)
                if eq:
                    self.value_reads(c, item, skip=len(name) + 1)

    def env_set(self, name: str, start: int, c: Container) -> None:
        if is_unambiguous_link_var(name):
            self.facts.env_sets.append(
                EnvSet(name, self.span(start, start + len(name)), container_key=c.key)
            )

    def value_reads(self, c: Container, node: Any, skip: int = 0) -> None:
        """Link-shaped variables a value interpolates (``${DB_PORT_5432_TCP_ADDR}``)."""
        text = scalar_text(node) or ""
        if "$" not in text:
            return
        refs = [r for r in references(text[skip:]) if parse_link_var(r[0]) is not None]
        if not refs:
            return
        got = self.chars(node)
        for name, s, e in refs:
            if got is not None:
                omap = got[1]
                span = Span(self.path, omap(s + skip), max(omap(s + skip), omap.end(e + skip)))
            else:
                span = self.node_span(node)
            self.facts.reads.append(EnvRead(name, span, LANGUAGE, container_key=c.key))

    # -- commands ------------------------------------------------------------------------

    def command(self, c: Container, node: Any) -> None:
        if is_scalar(node) and not is_null(node):
            got = self.chars(node)
            if got is not None:
                self.shell(c, *_unescape(*got))
        elif is_seq(node):
            self.argv(c, node.value)

    def healthcheck(self, c: Container, node: Any) -> None:
        if is_scalar(node) and not is_null(node):
            self.command(c, node)
            return
        if not is_seq(node) or not node.value or not is_scalar(node.value[0]):
            return
        kind = scalar_text(node.value[0])
        if kind == "CMD-SHELL" and len(node.value) > 1 and is_scalar(node.value[1]):
            self.command(c, node.value[1])
        elif kind == "CMD":
            self.argv(c, node.value[1:])

    def argv(self, c: Container, items: list[Any]) -> None:
        from delink.sources.embedded import FragmentBuilder
        from delink.sources.embedded.argv import add_argv_word

        b = FragmentBuilder()
        first = True
        last = None
        for item in items:
            if not is_scalar(item):
                return
            got = self.chars(item)
            if got is None:
                return
            if not first:
                b.synth(" ")
            first = False
            add_argv_word(b, [(*_unescape(*got), False)])
            last = item
        if last is None:
            return
        frag, omap = b.build(self.host_end(last.end_mark.index))
        self.shell(c, frag, omap)

    def shell(self, c: Container, fragment: str, omap: OffsetMap) -> None:
        from delink.sources.embedded import shell_fragment

        shell_fragment(self.facts, self.src, fragment, omap, self.ctx, container_key=c.key)

    # -- links ---------------------------------------------------------------------------

    def links(self, svc: ServiceSyntax, c: Container, cf: ComposeFile) -> None:
        for key in ("links", "external_links"):
            p = svc.pairs.get(key)
            if p is None:
                continue
            written = [p]
            if self.masked:
                # a template may write the key in several branches: read each of them
                written = [
                    q for q in pairs(svc.node) if q.name == key and (q.key is p.key or not q.merged)
                ]
            for q in written:
                self.link_list(svc, c, cf, q)
        overrides = svc.pairs.get("dev_overrides")
        if overrides is not None and is_map(overrides.value) and svc.doc.format == "v1":
            # Ansible Container: the service's settings in development, links included
            for q in pairs(overrides.value):
                if q.name in ("links", "external_links"):
                    self.link_list(svc, c, cf, q)

    def link_list(self, svc: ServiceSyntax, c: Container, cf: ComposeFile, p: Pair) -> None:
        node = p.value
        shared = p.merged or not (c.span.start <= self.host(node.start_mark.index) <= c.span.end)
        if is_seq(node):
            for item in node.value:
                if is_scalar(item) and not is_null(item):
                    self.link(svc, c, cf, p, item, None, shared, bool(node.flow_style))
        elif is_map(node) and svc.doc.format == "blockade":
            for q in pairs(node):
                alias = scalar_text(q.value) if is_scalar(q.value) else None
                self.link(svc, c, cf, p, q.key, alias, shared, bool(node.flow_style))

    def link(
        self,
        svc: ServiceSyntax,
        c: Container,
        cf: ComposeFile,
        pair: Pair,
        node: Any,
        map_alias: str | None,
        shared: bool,
        flow: bool,
    ) -> None:
        doc = svc.doc
        external = pair.name == "external_links"
        value = self.value(node)
        text = scalar_text(node) or ""  # masked templates: parsed as masked, shown as written
        resolved = value.literal if value.literal is not None else text
        error: str | None = None
        target: Value | None
        alias: Value | None
        if map_alias is not None:
            target = self.sub_value(node, 0, len(text), text)
            alias = Value.static(map_alias, value.span)
        elif doc.format in ("v1", "blockade") or external:
            name, sep, rest = text.partition(":")
            target = self.sub_value(node, 0, len(name), name)
            alias = self.sub_value(node, len(name) + 1, len(text), rest) if sep else None
            if ":" in rest or (external and ":" in rest):
                error = f"bad format for links: {resolved}"
        else:
            parts = text.split(":")
            if len(parts) == 2:
                target = self.sub_value(node, 0, len(parts[0]), parts[0])
                alias = self.sub_value(node, len(parts[0]) + 1, len(text), parts[1])
            elif len(parts) == 1:
                target = self.sub_value(node, 0, len(text), text)
                alias = None
            else:
                # compose-go: the whole entry becomes a depends_on key
                target = self.sub_value(node, 0, len(text), text)
                alias = None
        if target is not None and target.literal is None and value.literal is not None:
            pass
        if not text.strip():
            error = "empty string specified for links"
            target = None
            alias = None
        kind = _link_kind(svc, external)
        effective_alias = alias
        if alias is None and target is not None and error is None:
            # the alias of a link without one is its target's name (/etc/hosts, env)
            effective_alias = Value(target.raw, target.span, target.literal, target.display)
        extra: tuple[str, ...] = ()
        if kind is LinkKind.LEGACY and target is not None and target.literal and not external:
            extra = self.extra_aliases(svc, target.literal, cf)
        link = Link(
            span=value.span,
            value=value,
            target=target,
            alias=effective_alias,
            kind=kind,
            consumer=c,
            origin=pair.name,
            error=error,
            extra_aliases=extra,
            network=c.network,
            syntax=LinkSyntax(svc, pair, node, shared, flow),
        )
        if target is not None and target.literal is not None and error is None:
            tgt = self.same_file_target(svc, target.literal, external, cf)
            if tgt is not None and tgt is not c:
                link.target_container = tgt
        if self.masked and self.outer is None:
            link.branch = self.branches(node.start_mark.index)
        c.links.append(link)
        self.facts.links.append(link)
        if not flow:
            start = self.host(node.start_mark.index)
            self.facts.statements.append(
                Statement(start, max(start, self.host_end(node.end_mark.index)))
            )

    def same_file_target(
        self, svc: ServiceSyntax, name: str, external: bool, cf: ComposeFile
    ) -> Container | None:
        if external:
            for other_name, other in svc.doc.services.items():
                if other.container_name == name:
                    return cf.services.get(other_name)
        return cf.services.get(name)

    def extra_aliases(self, svc: ServiceSyntax, target: str, cf: ComposeFile) -> tuple[str, ...]:
        """More link names a legacy Compose link gives (each with its own env vars)."""
        doc = svc.doc
        if doc.format == "blockade":
            return ()
        other = doc.services.get(target)
        if other is not None and other.container_name:
            return (other.container_name,)
        if doc.format == "v1":
            proj = project_name_v1(self.project)
            return (f"{target}_1", f"{proj}_{target}_1")
        proj = project_name_v2(self.project)
        return (f"{target}-1", f"{proj}-{target}-1")


def _link_kind(svc: ServiceSyntax, external: bool) -> LinkKind:
    kind = svc.network_kind
    if kind is NetworkKind.DEFAULT_BRIDGE:
        return LinkKind.LEGACY
    if kind is NetworkKind.USER_DEFINED:
        return LinkKind.EXTERNAL if external else LinkKind.ENDPOINT
    if kind in (NetworkKind.HOST, NetworkKind.CONTAINER, NetworkKind.SERVICE):
        return LinkKind.REJECTED
    if kind is NetworkKind.NONE:
        return LinkKind.NOOP
    return LinkKind.UNKNOWN


def _unescape(value: str, omap: OffsetMap) -> tuple[str, OffsetMap]:
    """Compose's ``$$`` is a literal ``$`` for the container: the shell sees one."""
    if "$$" not in value:
        return value, omap
    out: list[str] = []
    host: list[int] = []
    i = 0
    while i < len(value):
        if value.startswith("$$", i):
            out.append("$")
            host.append(omap(i + 1))
            i += 2
            continue
        out.append(value[i])
        host.append(omap(i))
        i += 1
    host.append(omap.end(len(value)))
    return "".join(out), OffsetMap(tuple(host))


def relative(path: str, start: str) -> str:
    return posixpath.normpath(posixpath.join(start, path))
