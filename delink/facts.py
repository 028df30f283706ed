"""Facts: what a source finds in one file, with exact spans.

Every input language (shell, Compose, Python, embedded shell, plain consumers) turns
a file into a :class:`FileFacts`. The project model joins them; rules read the
project model and never parse. Fix writers get back to the syntax through the
``syntax`` handles, which only the source that made them understands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from delink.diagnostics import Severity, Span
from delink.model.kinds import LinkKind

# Links kept in a tool's store of docker options (no consumer: the tool runs the
# containers): ``Link.origin`` names the store.
STORE_ORIGINS = frozenset(
    {
        "dokku docker-options:add",
        "dokku docker-options:remove",
        "add_passed_docker_option",
        "remove_passed_docker_option",
        "docker-args hook",
    }
)


@dataclass(frozen=True)
class Value:
    """A value as written: ``raw`` is the source text, ``literal`` the value when it
    is static (quotes removed, no expansions), ``display`` a readable form for
    messages (quotes removed, expansions kept as written)."""

    raw: str
    span: Span
    literal: str | None
    display: str
    # the static value it has when the variable it expands is unset (``${IMAGE:-org/app}``)
    default: str | None = None

    @classmethod
    def static(cls, text: str, span: Span) -> Value:
        return cls(text, span, text, text)

    @property
    def known(self) -> bool:
        return self.literal is not None


@dataclass(frozen=True)
class Order:
    """Where a command runs in its file's program, for the order of container starts,
    removals and renames. Commands of one ``block`` run top to bottom, in text order
    (a script's top level, a Markdown document, one Makefile rule's recipe); a function
    body is a block of its own (``"function deploy"``), run whenever it is called.
    ``conditional``: inside a branch, a loop or after ``&&`` / ``||``, so it may not run."""

    block: str = ""
    conditional: bool = False


TOP_LEVEL = Order()  # a file's own block, run unconditionally


@dataclass(eq=False)
class Container:
    """A container started by a command, a Compose service or an SDK call."""

    key: str  # unique in the project: "<path>:<offset>"
    path: str
    span: Span  # the whole command / service / call
    anchor: Span  # where diagnostics about the container point (e.g. "docker run")
    origin: str  # "docker run", "docker create", "compose service", "containers.run", ...
    language: str
    name: Value | None = None  # --name / container_name / service name
    service: str | None = None  # Compose service name (a DNS name on project networks)
    image: Value | None = None
    network: Value | None = None  # first --network / network_mode; None: default bridge
    networks: list[Value] = field(default_factory=list)  # every network it joins
    network_aliases: list[Value] = field(default_factory=list)
    hostname: Value | None = None
    ports: list[str] = field(default_factory=list)  # "5432/tcp": --expose, -p container side
    publish_all: bool = False  # -P
    env: list[EnvEntry] = field(default_factory=list)  # explicit env, in order
    env_files: list[Value] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    build_context: str | None = None  # directory the image is built from, when known
    id_variable: str | None = None  # shell variable that holds its ID (CID=$(docker run ...))
    syntax: object = None  # source-specific handle for fix writers
    order: Order = TOP_LEVEL  # where it is started in its file's program

    @property
    def display_name(self) -> str:
        if self.service:
            return self.service
        if self.name is not None:
            return self.name.display
        if self.image is not None:
            return self.image.display
        return self.origin

    @property
    def label(self) -> str:
        """How messages name the container: "`web`", or "the `postgres:16` container"."""
        if self.service or self.name is not None:
            return f"`{self.display_name}`"
        return f"the `{self.display_name}` container"


@dataclass(frozen=True)
class EnvEntry:
    """``-e NAME=value`` / ``environment:`` entry; ``value`` None is a bare ``NAME``."""

    name: str
    value: Value | None
    span: Span


# The origin of a ``links=`` argument that only the text scan of a Python file that does
# not parse found: no call was read, so it has no consumer and its kind is unknown.
TEXT_SCAN_LINKS = "links= (text scan)"


@dataclass(eq=False)
class Link:
    """One link declaration: ``--link target:alias``, a Compose ``links`` item, an SDK
    ``links=`` entry, ``docker network connect --link``."""

    span: Span  # what to point at: flag and value (``--link db:db``) or the item
    value: Value  # the spec as written
    target: Value | None  # None when the spec is invalid
    alias: Value | None
    kind: LinkKind
    consumer: Container | None  # None for ``docker network connect --link`` on a name
    origin: str  # "--link", "network connect --link", "links", "external_links", "links=",
    # or an option store: STORE_ORIGINS ("dokku docker-options:add", …), with no consumer
    error: str | None = None  # the CLI/daemon error for an invalid spec
    target_container: Container | None = None  # when data flow tied the target to a container
    via: Span | None = None  # the variable expansion that carried it into the command
    extra_aliases: tuple[str, ...] = ()  # more link names with env/hosts (Compose v1: db_1)
    network: Value | None = None  # the network of a ``network connect --link`` / endpoint link
    # the target or alias takes several values (a ``for`` loop variable): no single fix
    dynamic: bool = False
    syntax: object = None
    # docker SDK: a ``links=`` value docker-py crashes on or mangles before anything is
    # sent (a list of strings, ``None`` mixed with aliases for one name); target and
    # alias are then None. Rules for SDK links report it; the planner never sees it.
    invalid: str | None = None
    # a templated file: (conditional, branch) pairs of the template branches that write
    # the link; two links in different branches of one conditional never coexist
    branch: tuple[tuple[int, int], ...] = ()

    @property
    def alias_text(self) -> str | None:
        return self.alias.literal if self.alias is not None else None

    def exclusive(self, other: Link) -> bool:
        """Written in different branches of one template conditional (never both)."""
        if not self.branch or not other.branch or self.span.path != other.span.path:
            return False
        mine = dict(self.branch)
        return any(c in mine and mine[c] != k for c, k in other.branch)


@dataclass(frozen=True)
class EnvRead:
    """A read of an environment variable whose name has a link shape."""

    name: str  # e.g. DB_PORT_5432_TCP_ADDR; may hold "{...}" parts when built at run time
    span: Span  # the name's characters
    language: str
    container_key: str | None = None  # read by this container (its sh -c / command:)
    indirect: bool = False  # read through eval / ${!name} / a list of names
    built: bool = False  # the name is built from a prefix at run time (f-string, format)
    # the code consumes every variable matching a pattern (``env | grep _TCP= | sed …``);
    # ``name`` is then the pattern (``*_PORT_*_TCP``) and no single link var is named
    pattern: bool = False
    # read only as the fallback of a setting of the code's own, which wins when it is
    # set: ``${DB_HOST:-$DB_PORT_5432_TCP_ADDR}`` is a fallback for ``DB_HOST``
    fallback_for: str | None = None


@dataclass(frozen=True)
class EnvSet:
    """A link-shaped variable set by hand (``-e REDIS_PORT_6379_TCP=...``): a shim."""

    name: str
    span: Span
    container_key: str | None = None


@dataclass(frozen=True)
class HostnameUse:
    """A hostname used in code (``-h db``, ``http://db:5432``): a dependant of an alias."""

    host: str
    span: Span
    container_key: str | None = None


@dataclass(frozen=True)
class LinksVia:
    """Links that reach a command through a variable or array expansion."""

    span: Span  # the expansion in the command ($LINKS, "${ARGS[@]}")
    variable: str
    container_key: str | None
    links: tuple[Span, ...]  # where the carried --link flags are written
    followed: bool  # False: delink could not see what the variable holds


@dataclass(frozen=True)
class NetworkDecl:
    """A network that is created or declared (``docker network create``, Compose)."""

    name: str
    span: Span
    order: Order = TOP_LEVEL


@dataclass(frozen=True)
class ImageBuild:
    """An image built from a directory of the repository (``docker build -t``)."""

    tag: str  # the tag as written when it is not static (``$(IMAGE)``)
    context: str  # directory, relative to the run's root as the paths are
    span: Span
    static: bool = True


@dataclass(frozen=True)
class ImageConfig:
    """What a Dockerfile in the repository gives its image: EXPOSE ports and ENV."""

    context: str  # the build context directory (the Dockerfile's directory by default)
    path: str  # the Dockerfile
    ports: tuple[str, ...]  # "5432/tcp"
    env: tuple[tuple[str, str], ...]
    scripts: tuple[str, ...] = ()  # files its ENTRYPOINT / CMD run, relative paths


@dataclass(frozen=True)
class NameChange:
    """``docker rm NAME`` (``new`` None) or ``docker rename NAME NEW``: after it, the
    container that held ``name`` holds it no more (it is gone, or holds ``new``)."""

    name: Value
    span: Span
    new: Value | None = None
    order: Order = TOP_LEVEL


@dataclass(frozen=True)
class ImageTag:
    """``docker tag SOURCE TARGET``: one image under a second reference."""

    source: str
    target: str
    span: Span


@dataclass(frozen=True)
class LinkRemoval:
    """``docker rm --link /parent/alias``, or the docker SDK's ``remove_container(…,
    link=True)`` / ``Container.remove(link=True)`` (``origin == "link=True"``)."""

    span: Span
    value: Value
    origin: str = "docker rm --link"


@dataclass(eq=False)
class ComposeFile:
    """One Compose file (or a Compose document embedded in another file).

    The project model groups these into Compose projects (a base file and its override,
    the files of ``COMPOSE_FILE``, ``include:``, ``extends: file:``) so that a link to a
    service defined in another file of the same project resolves. Services are the
    file's containers (``origin == "compose service"``), keyed by service name.
    """

    path: str
    span: Span  # the document
    format: str  # "v1", "2.0" … "2.4", "3" … "3.9", "spec", "blockade"
    version: Value | None  # the ``version`` key as written (None: absent)
    project_dir: str  # the directory relative paths in the file start from
    project_name: str  # COMPOSE_PROJECT_NAME from .env, else the directory's name
    services: dict[str, Container] = field(default_factory=dict)
    first_service: Span | None = None  # the first service key (where v1 findings point)
    networks: dict[str, Span] = field(default_factory=dict)  # top-level declared networks
    # files of the same Compose project named by convention or configuration: the
    # override of a base file, COMPOSE_FILE in .env, include:, extends: file:
    partners: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    # (service, file or "" for the same file, base service) for each ``extends``
    extends: tuple[tuple[str, str, str], ...] = ()
    embedded: bool = False  # inside another file (a Markdown code block): no fixes
    syntax: object = None  # source handle for the fix writer


@dataclass(frozen=True)
class Problem:
    """Something a source could not read. Reported as a low-severity diagnostic."""

    span: Span
    message: str
    code: str = "DLK101"
    severity: Severity = Severity.INFO


@dataclass(frozen=True)
class Statement:
    """A top-level unit (a command, a YAML node) that an own-line suppression covers."""

    start: int
    end: int


@dataclass
class FileFacts:
    path: str
    language: str
    containers: list[Container] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # every link, container links included
    reads: list[EnvRead] = field(default_factory=list)
    env_sets: list[EnvSet] = field(default_factory=list)
    hostnames: list[HostnameUse] = field(default_factory=list)
    links_via: list[LinksVia] = field(default_factory=list)
    networks: list[NetworkDecl] = field(default_factory=list)
    images: list[ImageBuild] = field(default_factory=list)
    image_configs: list[ImageConfig] = field(default_factory=list)
    removals: list[LinkRemoval] = field(default_factory=list)
    name_changes: list[NameChange] = field(default_factory=list)
    tags: list[ImageTag] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    syntax: object = None  # file-level handle for fix writers (e.g. the parsed tree)
    compose: list[ComposeFile] = field(default_factory=list)  # Compose documents

    def extend(self, other: FileFacts) -> None:
        """Merge facts of an embedded fragment into this file's facts."""
        self.containers += other.containers
        self.links += other.links
        self.reads += other.reads
        self.env_sets += other.env_sets
        self.hostnames += other.hostnames
        self.links_via += other.links_via
        self.networks += other.networks
        self.images += other.images
        self.image_configs += other.image_configs
        self.removals += other.removals
        self.name_changes += other.name_changes
        self.tags += other.tags
        self.problems += other.problems
        self.statements += other.statements
        self.compose += other.compose
