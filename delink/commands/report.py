"""``delink report``: migration status per link group.

A *link group* is a set of containers joined by links (consumer and target, any kind:
legacy links, DNS-only links on user-defined networks, Compose ``external_links``), as
the project model resolves them; a Compose service counts once however many files write
it. For each group: its containers or services, its links, their dependants (reads of
link env vars, uses of link aliases as hostnames) and the fix status of each link, from
the finding ``delink check`` reports on it:

* ``safe``: ``delink fix`` migrates it and keeps behaviour exactly;
* ``unsafe``: ``delink fix --unsafe-fixes`` migrates it, for the reasons given;
* ``manual``: no fix, or one delink can only describe (the reason is its message);
* ``none``: no finding on the link (a suppression, or its rule is not selected).

A group is as far along as its worst link (manual, then unsafe, then safe). With a
baseline (``delink check --write-baseline``), the report counts the findings the
baseline holds, those fixed since and those that are new.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from delink.diagnostics import Applicability, Diagnostic
from delink.facts import Container, Link
from delink.unionfind import UnionFind

if TYPE_CHECKING:
    from delink.commands import SettingsLoader
    from delink.project import Project

__all__ = ["STATUSES", "Group", "LinkStatus", "Report", "build", "run"]

STATUSES = ("safe", "unsafe", "manual", "none")
_RANK = {"none": 0, "safe": 1, "unsafe": 2, "manual": 3}


@dataclass
class Place:
    path: str
    line: int
    column: int


@dataclass
class LinkStatus:
    consumer: str
    target: str
    alias: str | None
    kind: str
    at: Place
    status: str
    code: str | None  # the finding's rule
    reasons: list[str] = field(default_factory=list)
    baseline: str | None = None  # "known" / "new" with a baseline
    diagnostics: list[Diagnostic] = field(default_factory=list, repr=False)  # on the link


@dataclass
class Dependant:
    what: str  # the variable read, or the hostname used
    at: Place


@dataclass
class Group:
    containers: list[str]
    links: list[LinkStatus] = field(default_factory=list)
    reads: list[Dependant] = field(default_factory=list)
    hostnames: list[Dependant] = field(default_factory=list)
    # the findings on its links and dependants (the baseline comparison counts them)
    diagnostics: list[Diagnostic] = field(default_factory=list, repr=False)
    known: int = 0  # of which the baseline holds

    @property
    def findings(self) -> int:
        return len(self.diagnostics)

    @property
    def status(self) -> str:
        worst = max((x.status for x in self.links), key=_RANK.__getitem__, default="none")
        return worst

    @property
    def reasons(self) -> list[str]:
        out: list[str] = []
        for x in self.links:
            if x.status == self.status:
                out += [r for r in x.reasons if r not in out]
        return out


@dataclass
class Progress:
    path: str
    recorded: int  # findings the baseline holds
    known: int  # of today's findings, those it holds
    new: int  # today's findings it does not hold
    fixed: int  # baseline entries nothing matches any more


@dataclass
class Report:
    groups: list[Group]
    progress: Progress | None = None

    def count(self, status: str) -> int:
        return sum(1 for g in self.groups for x in g.links if x.status == status)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "groups": len(self.groups),
            "containers": sum(len(g.containers) for g in self.groups),
            "links": sum(len(g.links) for g in self.groups),
            "reads": sum(len(g.reads) for g in self.groups),
            "hostname_uses": sum(len(g.hostnames) for g in self.groups),
            **{f"links_{s}": self.count(s) for s in STATUSES},
            **{f"groups_{s}": sum(1 for g in self.groups if g.status == s) for s in STATUSES},
        }


def _place(project: Project, path: str, offset: int) -> Place:
    text = project.texts.get(path)
    if text is None:
        return Place(path, 0, 0)
    row, col = text.position(offset)
    return Place(path, row, col)


def _status(diags: list[Diagnostic]) -> tuple[str, str | None, list[str]]:
    if not diags:
        return "none", None, []
    with_fix = [d for d in diags if d.fix is not None]
    d = with_fix[0] if with_fix else diags[0]
    fix = d.fix
    if fix is None:
        return "manual", d.code, [d.message]
    if fix.applicability is Applicability.SAFE and fix.edits:
        return "safe", d.code, []
    if fix.applicability is Applicability.UNSAFE and fix.edits:
        return "unsafe", d.code, list(fix.reasons) or [fix.message]
    return "manual", d.code, [fix.message]


class _Builder:
    def __init__(self, project: Project, diagnostics: list[Diagnostic]) -> None:
        self.project = project
        self.by_span: dict[tuple[str, int, int], list[Diagnostic]] = {}
        for d in diagnostics:
            self.by_span.setdefault((d.span.path, d.span.start, d.span.end), []).append(d)

    def main(self, c: Container) -> Container:
        """The container that stands for ``c``: a Compose service's defining fragment."""
        if c.language == "compose":
            return self.project.compose.merged(c).main
        return c

    def target_key(self, link: Link) -> tuple[str, str]:
        target = self.project.target(link)
        if target is not None:
            main = self.main(target)
            return main.key, main.display_name
        if link.target is None:
            return f"invalid:{link.span.path}:{link.span.start}", link.value.display
        text = link.target.display.lstrip("/")
        if link.target.literal is None:
            return f"unresolved:{link.span.path}\0{text}", text
        return f"unresolved:{text}", text

    def groups(self) -> list[Group]:
        links = [x for x in self.project.links if x.consumer is not None]
        sets = UnionFind()
        labels: dict[str, str] = {}
        for link in links:
            assert link.consumer is not None
            consumer = self.main(link.consumer)
            key, label = self.target_key(link)
            labels[consumer.key] = consumer.display_name
            labels[key] = label
            sets.union(consumer.key, key)
        members: dict[str, list[str]] = {}
        for key in labels:
            members.setdefault(sets.find(key), []).append(key)
        by_root: dict[str, list[Link]] = {}
        for link in links:
            assert link.consumer is not None
            by_root.setdefault(sets.find(self.main(link.consumer).key), []).append(link)
        out = []
        for root, group_links in by_root.items():
            group_links.sort(key=lambda x: (x.span.path, x.span.start))
            names = sorted({labels[k] for k in members[root]})
            out.append(self.group(names, group_links))
        out.sort(key=lambda g: (g.links[0].at.path, g.links[0].at.line, g.links[0].at.column))
        return out

    def group(self, names: list[str], links: list[Link]) -> Group:
        project = self.project
        group = Group(names)
        seen_reads: set[tuple[str, int]] = set()
        seen_hosts: set[tuple[str, int]] = set()
        for link in links:
            assert link.consumer is not None
            diags = self.by_span.get((link.span.path, link.span.start, link.span.end), [])
            group.diagnostics += [d for d in diags if d not in group.diagnostics]
            status, code, reasons = _status(diags)
            _key, target = self.target_key(link)
            alias = link.alias.display if link.alias is not None else None
            group.links.append(
                LinkStatus(
                    consumer=self.main(link.consumer).display_name,
                    target=target,
                    alias=alias,
                    kind=link.kind.value,
                    at=_place(project, link.span.path, link.span.start),
                    status=status,
                    code=code,
                    reasons=reasons,
                    diagnostics=list(diags),
                )
            )
            for r in project.reads_for_link(link):
                if (r.span.path, r.span.start) not in seen_reads:
                    seen_reads.add((r.span.path, r.span.start))
                    found = self.by_span.get((r.span.path, r.span.start, r.span.end), [])
                    group.diagnostics += [d for d in found if d not in group.diagnostics]
                    group.reads.append(
                        Dependant(r.name, _place(project, r.span.path, r.span.start))
                    )
            for h in project.hostname_uses_of(link):
                if (h.span.path, h.span.start) not in seen_hosts:
                    seen_hosts.add((h.span.path, h.span.start))
                    group.hostnames.append(
                        Dependant(h.host, _place(project, h.span.path, h.span.start))
                    )
        group.reads.sort(key=lambda d: (d.at.path, d.at.line, d.at.column))
        group.hostnames.sort(key=lambda d: (d.at.path, d.at.line, d.at.column))
        return group


def build(project: Project, diagnostics: list[Diagnostic]) -> Report:
    """The migration status of every link group of ``project``, from the findings of a
    ``delink check`` run on it."""
    return Report(_Builder(project, diagnostics).groups())


def run(args: argparse.Namespace, out: TextIO, err: TextIO, settings: SettingsLoader) -> int:
    from delink.commands import report_output, warn_unread
    from delink.lint import Linter

    paths = args.paths or ["."]
    config = settings(args, paths)
    result = Linter(config).lint(paths)
    for message in result.errors:
        err.write(f"delink: error: {message}\n")
    warn_unread(result.project, err)
    report = build(result.project, list(result.diagnostics))
    if args.baseline is not None:
        from delink.commands.report_baseline import compare

        compare(report, args.baseline, result.project, list(result.diagnostics), result.files)
    if args.format == "json":
        report_output.write_json(report, out)
    elif args.format == "markdown":
        report_output.write_markdown(report, out)
    else:
        report_output.write_text(report, out, color=args.color)
    return 2 if result.errors else 0
