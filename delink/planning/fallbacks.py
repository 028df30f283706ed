"""The smallest set of values: a consumer's own setting instead of the link vars it falls
back on.

Link-era entrypoints read link vars as fallbacks for settings of their own
(``DB_HOST=${DB_HOST:-$DB_PORT_5432_TCP_ADDR}``, and chains of them, one per image the
entrypoint "supports": ``DB_USER=${DB_USER:-$POSTGRESQL_ENV_POSTGRES_USER}`` then
``DB_USER=${DB_USER:-$POSTGRESQL_ENV_DB_USER}``). When every read of a link var is such a
fallback, setting the consumer's own setting to the value the chain gave keeps
behaviour with one value instead of several: the first link var of the chain (in text
order) that the link injected non-empty. A chain holding a value nobody knows before
that one is left as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from delink.facts import EnvRead
from delink.planning.model import ExplicitEnv, Reason


@dataclass(frozen=True)
class Outcome:
    """What the plan has for one variable: the value to write (None: nothing, the link
    never injected it or it cannot be known), why it is not exact, and whether its
    value is known (written, or known to be unset)."""

    entry: ExplicitEnv | None
    reason: Reason | None
    known: bool = True


def own_settings(
    values: dict[str, Outcome],
    reads: dict[str, list[EnvRead]],
    sets_own: Callable[[str], bool],
) -> tuple[dict[str, Outcome], set[str]]:
    """The consumer's own settings to write (name -> outcome) and the link vars they
    make unnecessary. ``values``: the outcome of each link var the consumer reads;
    ``reads``: its reads; ``sets_own(name)``: the consumer sets that name itself."""
    fallback_only = {name for name, rs in reads.items() if rs and all(r.fallback_for for r in rs)}
    chains: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    found_reads = sorted(
        (r.span.path, r.span.start, name) for name in fallback_only for r in reads[name]
    )
    for path, start, name in found_reads:  # in text order: own settings as first read
        own = next(r.fallback_for for r in reads[name] if r.span.start == start)
        assert own is not None
        chains[own].append((path, start, name))
    out: dict[str, Outcome] = {}
    replaced: set[str] = set()
    for own, chain in chains.items():
        if len({path for path, _, _ in chain}) > 1 or own in values:
            continue  # in several files (no known order), or itself a link var
        names = list(dict.fromkeys(name for _, _, name in sorted(chain)))
        if sets_own(own):
            replaced.update(names)  # the consumer's own setting wins already
            continue
        found: Outcome | None = None
        for name in names:
            got = values.get(name)
            if got is None or not got.known:
                break
            if got.entry is not None and got.entry.value != "":
                found = got  # an empty value gives way to the next one (``:-``)
                break
        else:
            replaced.update(names)  # every one was unset: the setting stays unset
            continue
        if found is None or found.entry is None:
            continue
        replaced.update(names)
        reason = Reason(found.reason.kind, own) if found.reason is not None else None
        out[own] = Outcome(replace(found.entry, name=own), reason)
    return out, replaced
