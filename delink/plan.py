"""Migration plans: what a fix changes, independent of the input language.

The planner (:mod:`delink.migrate`) decides, for a group of linked containers, the
network they move to, which containers join it with which aliases, which links go,
and which env vars become explicit. Fix writers (:mod:`delink.fixes`) turn a plan into
text edits in the syntax of each container's own language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from delink.diagnostics import Applicability
from delink.facts import Container, Link


@dataclass(frozen=True)
class ExplicitEnv:
    """An env var written explicitly on a consumer to replace one a link injected."""

    name: str  # DB_PORT_5432_TCP_ADDR
    value: str | None  # literal value to write; None when it must come from a variable
    reference: str | None = None  # variable to reference instead of a literal (secrets)
    exactness: str = "exact"  # "exact", "hostname", "guessed", "reference"


@dataclass
class ConsumerChange:
    container: Container
    remove: list[Link]  # links to delete (the first one may be replaced by the network)
    env: list[ExplicitEnv] = field(default_factory=list)
    join: bool = True  # join the plan's network (False when it is already on it)


@dataclass
class TargetChange:
    """A link target joins the network. ``container`` is None when it is not started
    anywhere delink can see: then it is connected by name before the first consumer."""

    name: str  # the target as written in the link (shell text, may hold $VARS)
    container: Container | None
    aliases: list[str] = field(default_factory=list)  # network aliases to add
    join: bool = True


@dataclass
class Plan:
    network: str
    consumers: list[ConsumerChange]
    targets: list[TargetChange]
    applicability: Applicability
    reasons: list[str] = field(default_factory=list)  # why the fix is not safe
    notes: list[str] = field(default_factory=list)  # things the message should say
    create_network: bool = True  # create it idempotently before its first use

    @property
    def links(self) -> list[Link]:
        return [link for c in self.consumers for link in c.remove]

    def message(self) -> str:
        parts = [f"move the linked containers to the user-defined network `{self.network}`"]
        env = [e.name for c in self.consumers for e in c.env]
        if env:
            parts.append(f"set {', '.join(env)} explicitly")
        text = "; ".join(parts)
        extra = self.notes + self.reasons
        if extra:
            text += " (" + "; ".join(extra) + ")"
        return text
