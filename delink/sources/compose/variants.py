"""Joining the facts of several renderings of one templated Compose file.

Every rendering (:func:`delink.sources.compose.template.branch_variants`) keeps the file's
offsets, so a service written outside the conditionals has the same key in each, and a
link written in one branch has a span no other rendering has. :func:`merge` adds to the
first rendering's facts what another one declares at a place the first does not.
"""

from __future__ import annotations

from delink.facts import FileFacts

__all__ = ["merge"]


def merge(base: FileFacts, extra: FileFacts) -> None:
    containers = {c.key: c for c in base.containers}
    link_spans = {(x.span.start, x.span.end) for x in base.links}
    docs = {cf.span.start: cf for cf in base.compose}
    for c in extra.containers:
        own = containers.get(c.key)
        if own is None:
            containers[c.key] = c
            base.containers.append(c)
            for cf in extra.compose:
                for name, svc in cf.services.items():
                    if svc is c and cf.span.start in docs:
                        docs[cf.span.start].services.setdefault(name, c)
            new = [x for x in c.links if (x.span.start, x.span.end) not in link_spans]
            base.links += new
            link_spans.update((x.span.start, x.span.end) for x in new)
            continue
        for link in c.links:
            if (link.span.start, link.span.end) in link_spans:
                continue
            link.consumer = own
            own.links.append(link)
            base.links.append(link)
            link_spans.add((link.span.start, link.span.end))
    reads = {(x.span.start, x.name) for x in base.reads}
    base.reads += [x for x in extra.reads if (x.span.start, x.name) not in reads]
    sets = {(x.span.start, x.name) for x in base.env_sets}
    base.env_sets += [x for x in extra.env_sets if (x.span.start, x.name) not in sets]
    hosts = {(x.span.start, x.host) for x in base.hostnames}
    base.hostnames += [x for x in extra.hostnames if (x.span.start, x.host) not in hosts]
