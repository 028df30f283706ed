"""Migration plans: what a fix changes, independent of the input language.

The planners (:mod:`delink.planning.containers` for containers started by commands and
SDK calls, :mod:`delink.planning.compose` for Compose services) decide, for a group of
linked containers, the network they move to, which containers join it with which
aliases, which links go, and which env vars become explicit, and whether that keeps
behaviour (with the reasons when it does not). Writers (:mod:`delink.fixes`, one per
host language, registered in :mod:`delink.planning.writers`) turn a plan into text
edits in each container's own syntax; they decide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from delink.diagnostics import Applicability
from delink.facts import ComposeFile, Container, Link


@dataclass(frozen=True)
class ExplicitEnv:
    """An env var written explicitly on a consumer to replace one a link injected."""

    name: str  # DB_PORT_5432_TCP_ADDR
    value: str | None  # literal value to write; None when it must come from a variable
    # the variable to reference instead: the one the target's own value uses in the same
    # file, or, for a secret, the host's variable that must hold the target's value
    reference: str | None = None
    exactness: str = "exact"  # "exact", "hostname", "guessed", "secret"
    # with a reference: the message that stops the command when the variable is unset
    required: str | None = None


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
    # join with `docker network connect` and keep the current network: links this plan
    # does not migrate (a loop variable's) still need the target on the default bridge
    connect_only: bool = False


_Syntax = TypeVar("_Syntax")


@dataclass
class ContainerEdits(Generic[_Syntax]):
    """What a fix writer changes on one container of its language: the plan's consumer
    and target changes for it, merged (``syntax`` is the writer's handle on the code)."""

    container: Container
    syntax: _Syntax
    join: bool = False
    aliases: list[str] = field(default_factory=list)
    remove: list[Link] = field(default_factory=list)
    env: list[ExplicitEnv] = field(default_factory=list)

    def add_consumer(self, cc: ConsumerChange) -> None:
        self.join = self.join or cc.join
        self.remove += [x for x in cc.remove if x not in self.remove]
        self.env += [e for e in cc.env if e.name not in {x.name for x in self.env}]

    def add_target(self, tc: TargetChange) -> None:
        self.join = self.join or tc.join
        self.aliases += [a for a in tc.aliases if a not in self.aliases]


# Kinds of :class:`Reason` that only inform: they go to ``Plan.notes``
NOTE_KINDS = frozenset({"hostname-kept"})


@dataclass(frozen=True)
class Reason:
    """Why a plan does not keep behaviour exactly (``kind``), about one ``subject``.
    The kind ``"text"`` is a whole clause, written as it is."""

    kind: str
    subject: str

    @classmethod
    def text(cls, clause: str) -> Reason:
        return cls("text", clause)


# How each kind of reason reads, for one or several subjects.
_REASONS: dict[str, tuple[str, str]] = {
    "hostname": (
        "{s} changes from an IP address to a hostname",
        "{s} change from IP addresses to hostnames",
    ),
    # a note, not a reason: the consumer's code is in the repository and reads it as
    # the address of the target, which its host name reaches as its IP did
    "hostname-kept": (
        "{s} holds the target's host name instead of its IP address",
        "{s} hold the target's host name instead of its IP address",
    ),
    "alias": (
        "the alias {s} becomes visible to the whole network",
        "the aliases {s} become visible to the whole network",
    ),
    "external-consumer": (
        "{s} is not built here, so delink cannot see which link vars it reads",
        "{s} are not built here, so delink cannot see which link vars they read",
    ),
    "order": (
        "several containers are started as {s}, and which one holds the name when the "
        "consumer starts depends on an order delink cannot see (a branch, a function, "
        "another file)",
        "several containers are started as each of {s}, and which one holds the name when "
        "the consumer starts depends on an order delink cannot see (a branch, a function, "
        "another file)",
    ),
    "unresolved-target": (
        "{s} is not started in the files delink read; it is connected at run time",
        "{s} are not started in the files delink read; they are connected at run time",
    ),
    "guessed": (
        "the value of {s} depends on guessed ports",
        "the values of {s} depend on guessed ports",
    ),
    "secret": (
        "{s} is a secret, so it is not copied: it is read from a variable of the host, "
        "which must hold the target's value (the command stops when it is unset)",
        "{s} are secrets, so they are not copied: they are read from variables of the host, "
        "which must hold the target's values (the command stops when one is unset)",
    ),
    "elsewhere": (
        "{s} is not written: the target gets its value from a variable of another file",
        "{s} are not written: the target gets their values from variables of another file",
    ),
    "image-env": (
        "{s} is not written: delink does not know whether the target's image sets it (give "
        "the image's env in `image-env` of the configuration, or set it on the consumer)",
        "{s} are not written: delink does not know whether the target's image sets them "
        "(give the image's env in `image-env` of the configuration, or set them on the "
        "consumer)",
    ),
    "template": (
        "{s} is written with a template's placeholders, which delink does not rewrite: "
        "change the template by hand",
        "{s} are written with a template's placeholders, which delink does not rewrite: "
        "change the template by hand",
    ),
    "substituted": (
        "{s} is the output of a command, which delink cannot name a network after: "
        "move the containers to a network by hand",
        "{s} are the output of commands, which delink cannot name a network after: "
        "move the containers to a network by hand",
    ),
    "unknown-value": (
        "delink cannot tell the value of {s}",
        "delink cannot tell the values of {s}",
    ),
    "dynamic-alias": ("the alias of {s} is not static", "the aliases of {s} are not static"),
    "kept-on-bridge": (
        "{s} stays on the default bridge too, for links delink cannot migrate",
        "{s} stay on the default bridge too, for links delink cannot migrate",
    ),
    "all-vars": (
        "every variable the link injected is written for {s}",
        "every variable the links injected is written for {s}",
    ),
    # docker SDK for Python (delink.fixes.python): which form gives a target its aliases,
    # from the project's pin of `docker` (delink.sdkversion); the subject is the pin
    "sdk-networking-config": (
        "aliases through `networking_config=`, which the docker SDK pin {s} has (7.0+)",
        "aliases through `networking_config=`, which the docker SDK pins {s} have (7.0+)",
    ),
    "sdk-low-level": (
        "aliases through the low-level API (`create_container` with `networking_config`), "
        "because the docker SDK pin {s} predates `networking_config=` on `containers.run` (7.0)",
        "aliases through the low-level API (`create_container` with `networking_config`), "
        "because the docker SDK pins {s} predate `networking_config=` on `containers.run` (7.0)",
    ),
    # a reason: the subject is the Python file
    "sdk-unpinned": (
        "no pin of the docker SDK governs {s}: `networking_config=` needs docker 7.0+ "
        "(pin `docker` or set docker-sdk-version)",
        "no pin of the docker SDK governs {s}: `networking_config=` needs docker 7.0+ "
        "(pin `docker` or set docker-sdk-version)",
    ),
}


def names(items: list[str], limit: int = 3) -> str:
    """``A``, ``A and B``, ``A, B and 2 more`` (rules use it through ``delink.ruletools``)."""
    shown = [f"`{i}`" for i in items[:limit]]
    rest = len(items) - len(shown)
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def describe(reasons: list[Reason]) -> list[str]:
    """One clause per kind of reason, subjects aggregated, in first-seen order."""
    by_kind: dict[str, list[str]] = {}
    for r in reasons:
        subjects = by_kind.setdefault(r.kind, [])
        if r.subject not in subjects:
            subjects.append(r.subject)
    out = []
    for kind, subjects in by_kind.items():
        if kind == "text":
            out += subjects
            continue
        one, many = _REASONS.get(kind, ("{s}", "{s}"))
        out.append((one if len(subjects) == 1 else many).format(s=names(subjects)))
    return out


@dataclass
class ServicePlan:
    """What happens to one Compose service as written (a fragment: the base file, an
    override, an ``extends`` base): links to delete, its ``network_mode`` to drop, services
    to add to ``depends_on``, ``environment`` entries, network aliases, networks to join."""

    container: Container
    remove: list[Link] = field(default_factory=list)
    drop_network_mode: bool = False
    depends: list[str] = field(default_factory=list)
    env: list[ExplicitEnv] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # network -> new aliases
    join: list[str] = field(default_factory=list)  # networks to join (keeping default)


@dataclass(frozen=True)
class NetworkDeclaration:
    """A top-level ``networks:`` entry a Compose file gets (an external network)."""

    file: ComposeFile
    name: str
    attrs: tuple[tuple[str, str], ...]


@dataclass
class Plan:
    network: str
    consumers: list[ConsumerChange]
    targets: list[TargetChange]
    applicability: Applicability
    reasons: list[Reason] = field(default_factory=list)  # why the fix is not safe
    notes: list[Reason] = field(default_factory=list)  # things the message should say
    create_network: bool = True  # create it idempotently before its first use
    # Compose: changes per service fragment, top-level declarations, the v1 file to
    # upgrade to the spec format, and what the fix does (the head of its message)
    services: dict[str, ServicePlan] = field(default_factory=dict)
    declare: list[NetworkDeclaration] = field(default_factory=list)
    upgrade: ComposeFile | None = None
    summary: str = ""

    @property
    def links(self) -> list[Link]:
        return [link for c in self.consumers for link in c.remove]

    def service(self, c: Container) -> ServicePlan:
        """The change of a Compose service fragment (made on first use)."""
        got = self.services.get(c.key)
        if got is None:
            got = self.services[c.key] = ServicePlan(c)
        return got

    def message(self) -> str:
        if self.summary:
            extra = describe(self.notes + self.reasons)
            return self.summary + (" (" + "; ".join(extra) + ")" if extra else "")
        count = len(self.consumers) + sum(1 for t in self.targets if t.join)
        noun = "container" if count == 1 else "containers"
        text = f"move {count} linked {noun} to the user-defined network `{self.network}`"
        env = list(dict.fromkeys(e.name for c in self.consumers for e in c.env))
        if env:
            text += f" and set {names(env)} explicitly"
        notes = describe(self.notes)
        if notes:
            text += "; " + "; ".join(notes)
        reasons = describe(self.reasons)
        if reasons:
            head = "By hand" if self.applicability is Applicability.DISPLAY_ONLY else "Unsafe"
            text += f". {head}: " + "; ".join(reasons)
        return text
