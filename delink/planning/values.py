"""What a link target gives its consumers: the ports it exposes and the env it runs with,
and where each value a fix writes comes from.

One answer for every input language, read from the project model: the target's own
``-e`` / ``environment`` entries (a Compose service merged over its base file,
overrides and ``extends``), the ``ENV`` and ``EXPOSE`` of a Dockerfile in the repository
that builds its image, the ``image-env`` configuration and the bundled tables of
official images.

A value a fix writes comes from one of three places only (:func:`env_value`): the
target's literal; the very variable the target's own value uses, when the consumer is
started in the same file; or, for a secret, a reference to a variable of the host that
stops the command when it is unset. A value nobody knows is not written: the plan says
which variable it is and how to supply it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from delink.facts import Container, Value
from delink.model import image_env, image_ports
from delink.planning.model import ExplicitEnv, Reason
from delink.project import Project
from delink.secrets import is_secret, is_secret_name

# ``$VAR``, ``${VAR}``, ``"$VAR"``: a value that is one variable and nothing else
_SINGLE_VAR = re.compile(r'^"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?$')
# what a name may hold to be written inside ``${VAR:?…}`` in any host language
_PLAIN = re.compile(r"^[A-Za-z0-9_./:@+-]+$")


@dataclass
class TargetEnv:
    """The env of a target: ``literal`` maps names to values known as text; ``refs``
    maps names whose value comes from a variable (of the file ``path``) to that
    variable; ``image`` is the ENV of its image when known (None: not known), name ->
    value (None: set, with a value delink does not know)."""

    literal: dict[str, str] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    image: dict[str, str | None] | None = None
    paths: set[str] = field(default_factory=set)  # files whose variables it shares
    name: str = ""  # how a message names the target (a plain name, else "")

    def items(self) -> list[str]:
        return [f"{k}={v}" for k, v in self.literal.items()]


def _literal(c: Container, value: Value) -> str | None:
    """The text of a value that is the same wherever it is read."""
    if value.literal is None:
        return None
    if c.language == "compose" and "$" in value.raw.replace("$$", ""):
        return None  # interpolated from the environment (or .env) of whoever runs it
    return value.literal


def _variable(c: Container, value: Value) -> str | None:
    m = _SINGLE_VAR.match(value.display if c.language == "compose" else value.raw)
    return m.group(1) if m else None


def target_env(project: Project, fragments: list[Container]) -> TargetEnv:
    """The env of the target written in ``fragments`` (one container, or the fragments of
    a merged Compose service, base first)."""
    main = fragments[-1]
    label = main.display_name
    out = TargetEnv(paths={f.path for f in fragments}, name=label if _PLAIN.match(label) else "")
    if main.language == "compose":
        # Compose interpolates every file of a project from one environment
        cf = project.compose.file_of(main)
        if cf is not None:
            out.paths |= {f.path for f in project.compose.project_files(cf)}
    for frag in fragments:
        cfg = project.image_config(frag)
        if cfg is not None:
            out.image = dict(cfg.env)
    if out.image is None:
        for frag in reversed(fragments):
            if frag.image is not None and frag.image.literal:
                out.image = image_env(frag.image.literal, project.settings.image_env)
                break
    if out.image is not None:
        out.literal.update({k: v for k, v in out.image.items() if v is not None})
    for frag in fragments:
        for entry in frag.env:
            name = entry.name
            if entry.value is None:
                out.refs[name] = name
                out.literal.pop(name, None)
                continue
            text = _literal(frag, entry.value)
            if text is not None:
                out.literal[name] = text
                out.refs.pop(name, None)
            else:
                out.refs[name] = _variable(frag, entry.value) or name
                out.literal.pop(name, None)
    return out


def env_value(
    env: TargetEnv, name: str, inner: str, consumer: Container
) -> tuple[ExplicitEnv | None, Reason | None]:
    """What to write for the link var ``name`` (``<ALIAS>_ENV_<inner>``) on ``consumer``,
    and why the plan no longer keeps behaviour exactly (None: it does). Nothing is
    written for a variable the link never injected, nor for one whose value nobody knows
    (the reason says so)."""
    if inner in env.literal:
        if not is_secret(inner, env.literal[inner]):
            return ExplicitEnv(name, env.literal[inner]), None
        return _secret(env, name, inner), Reason("secret", name)
    if inner in env.refs:
        variable = env.refs[inner]
        if consumer.path in env.paths:
            # the very variable the target's value uses, in the same file
            return ExplicitEnv(name, None, reference=variable), None
        if is_secret_name(inner) or is_secret_name(variable):
            return _secret(env, name, variable), Reason("secret", name)
        return None, Reason("elsewhere", name)
    if env.image is not None and inner not in env.image:
        return None, None  # the image does not set it: the link never injected it
    return None, Reason("image-env", name)


def _secret(env: TargetEnv, name: str, variable: str) -> ExplicitEnv:
    """A reference to the host's variable that stops the command when it is unset."""
    whose = f" of {env.name}" if env.name else ""
    return ExplicitEnv(
        name,
        None,
        reference=variable,
        exactness="secret",
        required=f"set {variable} to the value{whose}",
    )


def target_ports(
    project: Project, ports: list[str], fragments: list[Container], image: Value | None
) -> tuple[list[str], bool]:
    """Ports a target exposes (``ports`` from its own flags or keys, then its image's
    Dockerfile, else the bundled table of official images) and whether they are a guess."""
    ports = list(ports)
    for frag in fragments:
        cfg = project.image_config(frag)
        if cfg is not None:
            return ports + [p for p in cfg.ports if p not in ports], False
    if image is not None and image.literal:
        table = image_ports(image.literal, project.settings.image_ports)
        if table:
            return ports + [p for p in table if p not in ports], True
    return ports, not ports
