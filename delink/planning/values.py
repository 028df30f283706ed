"""What a link target gives its consumers: the ports it exposes and the env it runs with.

One answer for every input language, read from the project model: the target's own
``-e`` / ``environment`` entries (a Compose service merged over its base file,
overrides and ``extends``), the ``ENV`` and ``EXPOSE`` of a Dockerfile in the repository
that builds its image, and the bundled table of official images' ports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from delink.facts import Container, Value
from delink.model import image_ports
from delink.project import Project

# ``$VAR``, ``${VAR}``, ``"$VAR"``: a value that is one variable and nothing else
_SINGLE_VAR = re.compile(r'^"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?$')


@dataclass
class TargetEnv:
    """The env of a target: ``literal`` maps names to values known as text; ``refs``
    maps names whose value comes from a variable to that variable's name."""

    literal: dict[str, str] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)

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
    out = TargetEnv()
    for frag in fragments:
        cfg = project.image_config(frag)
        if cfg is not None:
            out.literal.update(dict(cfg.env))
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
