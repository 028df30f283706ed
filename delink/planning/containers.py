"""How a group of legacy-linked containers moves to a user-defined network: containers
started by commands (shell, and shell embedded elsewhere) and docker SDK calls.

A *group* is a connected set of containers joined by legacy links (consumer — target).
Each group gets one network. The plan says who joins it and with which aliases, which
links go, which link env vars the consumers read and must get explicitly, and whether
the whole change keeps behaviour exactly (``safe``) or not (``unsafe``, with reasons).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cached_property

from delink.diagnostics import Applicability
from delink.facts import Container, EnvRead, Link
from delink.model import explicit_link_env, explicit_value, sanitize_network_name
from delink.planning.fallbacks import Outcome, own_settings
from delink.planning.model import (
    NOTE_KINDS,
    ConsumerChange,
    ExplicitEnv,
    Plan,
    Reason,
    TargetChange,
)
from delink.planning.values import TargetEnv, env_value, target_env, target_ports
from delink.project import Project
from delink.unionfind import UnionFind


def _node(project: Project, link: Link) -> list[str]:
    """Every container the link may reach (several when program order cannot tell)."""
    targets = project.targets(link)
    if targets:
        return [t.key for t in targets]
    return [_unresolved_key(link)]


def _unresolved_key(link: Link) -> str:
    """A target delink does not see: a static name is the same container everywhere;
    a name written with variables only within its file."""
    if link.target is not None and link.target.literal is not None:
        return f"unresolved:{link.target.literal.lstrip('/')}"
    text = link.target.display if link.target is not None else link.value.display
    return f"unresolved:{link.span.path}\0{text}"


class ContainerPlanner:
    """Plans for every legacy-link group of a project (computed once, on demand)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    @cached_property
    def groups(self) -> list[list[Link]]:
        sets = UnionFind()

        links = [
            x
            for x in self.project.legacy_links()
            if x.target is not None
            and x.error is None
            and x.consumer is not None
            and x.consumer.language != "compose"  # delink.fixes.compose plans these
            # ECS has no user-defined networks in bridge mode: nothing to move to
            and x.consumer.language != "ecs"
            and not x.dynamic  # a loop variable: no single network or alias to write
        ]
        for link in links:
            assert link.consumer is not None
            for t in _node(self.project, link):
                sets.union(link.consumer.key, t)
        by_root: dict[str, list[Link]] = {}
        for link in links:
            assert link.consumer is not None
            by_root.setdefault(sets.find(link.consumer.key), []).append(link)
        groups = list(by_root.values())
        for g in groups:
            g.sort(key=lambda x: (x.span.path, x.span.start))
        groups.sort(key=lambda g: (g[0].span.path, g[0].span.start))
        return groups

    @cached_property
    def _pinned_targets(self) -> set[str]:
        """Keys of containers that legacy links outside every group (a loop variable's
        target) may still point at: they must stay on the default bridge."""
        grouped = {id(x) for g in self.groups for x in g}
        pinned: set[str] = set()
        for link in self.project.legacy_links():
            if id(link) in grouped:
                continue
            if link.target is not None and link.target.literal is not None:
                pinned.update(c.key for c in self.project.targets(link))
            elif link.dynamic:
                # $svc in a loop: any container the file starts may be its target
                pinned.update(c.key for c in self.project.containers if c.path == link.span.path)
        return pinned

    @cached_property
    def _group_of(self) -> dict[int, int]:
        return {id(link): i for i, g in enumerate(self.groups) for link in g}

    @cached_property
    def _plans(self) -> dict[int, Plan]:
        return {}

    def group_index(self, link: Link) -> int | None:
        """The index of the link's group (None: the link is in no group)."""
        return self._group_of.get(id(link))

    def plan(self, link: Link) -> Plan | None:
        index = self._group_of.get(id(link))
        if index is None:
            return None
        if index not in self._plans:
            self._plans[index] = self._make_plan(self.groups[index])
        return self._plans[index]

    # -- the plan ------------------------------------------------------------------

    def network_name(self, group: list[Link]) -> str:
        first = group[0]
        target = self.project.target(first)
        if target is not None and target.name is not None:
            text = target.name.display
        elif first.target is not None:
            text = first.target.display
        else:
            text = "app"
        if "$" not in text:
            text = network_text(text)
        project_name = sanitize_network_name(self.project.settings.root.resolve().name or "app")
        template = self.project.settings.network
        name = template.replace("{target}", text).replace("{project}", project_name)
        return name if "$" in name else network_text(name)

    def _make_plan(self, group: list[Link]) -> Plan:
        project = self.project
        network = self.network_name(group)
        reasons: list[Reason] = []
        notes: list[Reason] = []

        targets: dict[str, TargetChange] = {}
        templated = _templated(group)
        if templated:
            reasons.append(Reason("template", templated))
        substituted = _substituted(group)
        if substituted:
            reasons.append(Reason("substituted", substituted))
        for link in group:
            assert link.target is not None
            found = project.resolution(link)
            if not found.certain:
                reasons.append(Reason("order", link.target.display))
            for target in found.targets or (None,):
                key = target.key if target is not None else _unresolved_key(link)
                if key not in targets:
                    targets[key] = TargetChange(link.target.display, target)
                    if target is None:
                        reasons.append(Reason("unresolved-target", link.target.display))
                change = targets[key]
                if target is not None and target.key in self._pinned_targets:
                    change.connect_only = True
                    reasons.append(Reason("kept-on-bridge", target.display_name))
                alias = link.alias.display if link.alias is not None else link.target.display
                names = _dns_names(target, link.target.display)
                if alias not in names and alias not in change.aliases:
                    change.aliases.append(alias)
                    reasons.append(Reason("alias", alias))

        consumers: dict[str, ConsumerChange] = {}
        for link in group:
            assert link.consumer is not None
            c = link.consumer
            change_c = consumers.setdefault(c.key, ConsumerChange(c, []))
            change_c.remove.append(link)
        for change_c in consumers.values():
            self._consumer_env(change_c, reasons, notes)

        applicability = Applicability.SAFE if not reasons else Applicability.UNSAFE
        if templated or substituted:
            applicability = Applicability.DISPLAY_ONLY
        return Plan(
            network=network,
            consumers=list(consumers.values()),
            targets=list(targets.values()),
            applicability=applicability,
            reasons=_unique(reasons),
            notes=_unique(notes),
        )

    def _consumer_env(
        self, change: ConsumerChange, reasons: list[Reason], notes: list[Reason]
    ) -> None:
        project = self.project
        settings = project.settings
        consumer = change.container
        if not any(project.injects_env(x) for x in change.remove):
            return
        parent = consumer.name.literal if consumer.name is not None else None
        values: dict[str, Outcome] = {}
        reads: dict[str, list[EnvRead]] = defaultdict(list)
        code_known = project.consumer_code_known(consumer)
        for link in change.remove:
            alias = link.alias.literal if link.alias is not None else None
            if alias is None:
                if project.reads_for_link(link):
                    reasons.append(Reason("dynamic-alias", link.value.display))
                continue
            target = project.target(link)
            ports, guessed = self._target_ports(target)
            env = self._target_env(target)
            names = []
            for r in project.reads_for_link(link):
                if not r.built:
                    names.append(r.name)
                    reads[r.name].append(r)
            if not code_known:
                image = consumer.image.display if consumer.image is not None else "its image"
                if settings.external_consumer_env == "all":
                    names += list(
                        explicit_link_env(alias, parent, ports, env.items(), settings.engine)
                    )
                    notes.append(Reason("all-vars", image))
                else:
                    reasons.append(Reason("external-consumer", image))
            for name in names:
                if name in values:
                    continue
                var = project.var(name)
                if var is None:
                    continue
                if var.shape == "env" and var.env_name is not None:
                    entry, why = env_value(env, name, var.env_name, consumer)
                    known = entry is not None or why is None
                    values[name] = Outcome(entry, why, known)
                    continue
                value, exactness = explicit_value(
                    var, alias, parent, ports, env.literal, settings.engine, ports_exact=not guessed
                )
                if value is None:
                    values[name] = Outcome(None, Reason("unknown-value", name), known=False)
                    continue
                why = _value_reason(exactness, name, code_known)
                values[name] = Outcome(ExplicitEnv(name, value, exactness=exactness), why)
        own, replaced = own_settings(
            values, reads, lambda name: project.sets_own_env(consumer, name)
        )
        written: list[ExplicitEnv] = []
        for name, outcome in [*values.items(), *own.items()]:
            if name in replaced:
                continue
            if outcome.reason is not None:
                kind = outcome.reason.kind
                (notes if kind in NOTE_KINDS else reasons).append(outcome.reason)
            if outcome.entry is not None:
                written.append(outcome.entry)
        change.env = written

    def _target_ports(self, target: Container | None) -> tuple[list[str], bool]:
        """Ports the target exposes and whether they are a guess (image table)."""
        if target is None:
            return [], True
        return target_ports(self.project, target.ports, [target], target.image)

    def _target_env(self, target: Container | None) -> TargetEnv:
        return target_env(self.project, [target]) if target is not None else TargetEnv()


# placeholders of template languages that shell reads as other words: a link written
# with them cannot be rewritten (``{{ db }}`` is two shell words, ``<%= db %>`` three)
_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}|<%|%>")
# docker-library's ``%%IMAGE%%``: one word, filled in when the page is made
_PLACEHOLDER = re.compile(r"%%[A-Za-z0-9_]+%%")


def _value_reason(exactness: str, name: str, code_known: bool) -> Reason | None:
    """Why a value written for a link var is not the one the link injected: a guessed
    port; a host name instead of an IP, which only informs when the consumer's code is
    in the repository (it reads the address to reach the target, which the name does)."""
    if exactness == "hostname":
        return Reason("hostname-kept" if code_known else "hostname", name)
    if exactness == "guessed":
        return Reason("guessed", name)
    return None


def network_text(text: str) -> str:
    """A network name from text that may hold ``%%X%%`` placeholders: they are kept as
    they are (the page they are in fills them in), the rest is made valid."""
    parts = _PLACEHOLDER.split(text)
    if len(parts) == 1:
        return sanitize_network_name(text)
    holes = _PLACEHOLDER.findall(text)
    out = [re.sub(r"[^a-zA-Z0-9_.-]+", "-", p) for p in parts]
    return "".join(x + h for x, h in zip(out, [*holes, ""], strict=True))


def _templated(group: list[Link]) -> str:
    """The first link of the group written with a template's placeholders."""
    for link in group:
        for v in (link.value, link.target, link.alias):
            if v is not None and _TEMPLATE.search(v.raw):
                return link.value.raw
        consumer = link.consumer
        if (
            consumer is not None
            and consumer.name is not None
            and _TEMPLATE.search(consumer.name.raw)
        ):
            return consumer.name.raw
    return ""


# ``$(cmd …)`` or backquotes; not ``$(NAME)``, a Make variable in a recipe
_SUBSTITUTION = re.compile(r"\$\((?![A-Za-z_][A-Za-z0-9_]*\))|`")


def _substituted(group: list[Link]) -> str:
    """The first name of the group (a target or an alias) that is the output of a
    command (``$(…)``, backquotes): it is known when the command runs only, so no network
    can be named after it, and its text is no name to connect."""
    for link in group:
        for v in (link.target, link.alias):
            if v is not None and _SUBSTITUTION.search(v.display):
                return v.display
    return ""


def _dns_names(target: Container | None, written: str) -> set[str]:
    """Names a container answers to on a user-defined network without extra aliases."""
    names = set()
    if target is not None:
        if target.name is not None:
            names.add(target.name.display.lstrip("/"))
        if target.service:
            names.add(target.service)
        names.update(a.display for a in target.network_aliases)
    else:
        names.add(written.lstrip("/"))
    return names


def _unique(items: list[Reason]) -> list[Reason]:
    return list(dict.fromkeys(items))
