"""Link values (``name[:alias]``), link names and the stored ``/child:/parent/alias`` form.

``parse_link`` is docker/cli ``opts.ParseLink`` (also moby ``daemon/pkg/opts``), rule for
rule; ``link_name`` is the daemon's ``path.Join(parent.Name, alias)`` from
``registerLink``. Nothing else is validated by Docker, so nothing else is validated here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "LinkSpec",
    "LinkSpecError",
    "go_path_base",
    "go_path_clean",
    "link_name",
    "parse_link",
    "stored_form",
]


class LinkSpecError(ValueError):
    """A ``--link`` value the docker CLI rejects; ``str()`` is the CLI's own message."""


@dataclass(frozen=True)
class LinkSpec:
    """A parsed link value: the target container ``name`` and the ``alias``."""

    name: str
    alias: str

    @property
    def empty_alias(self) -> bool:
        """``db:`` gives alias ``""``: the link name is the parent's own name, the name
        reservation conflicts and the daemon drops the link with only a log warning."""
        return self.alias == ""

    @property
    def empty_name(self) -> bool:
        """``:x`` gives name ``""``: ``could not get container for `` at create time."""
        return self.name == ""


def parse_link(value: str) -> LinkSpec:
    """Parse a link value exactly as docker/cli ``ParseLink`` does.

    * ``""`` → ``LinkSpecError("empty string specified for links")``;
    * more than one ``:`` → ``LinkSpecError("bad format for links: <value>")``;
    * ``name`` → ``(name, name)`` (a leading ``/`` is *not* trimmed);
    * ``/foo:/c1/bar`` (the stored form) → ``("foo", "bar")``;
    * ``a:b`` → ``("a", "b")`` unchanged.
    """
    if value == "":
        raise LinkSpecError("empty string specified for links")
    parts = value.split(":", 2)  # the CLI splits into at most 3 parts
    if len(parts) > 2:
        raise LinkSpecError(f"bad format for links: {value}")
    if len(parts) == 1:
        return LinkSpec(value, value)
    first, second = parts
    if first.startswith("/"):
        # "This is kept because we can actually get a HostConfig with links from an
        # already created container and the format is not `foo:bar` but `/foo:/c1/bar`"
        return LinkSpec(first[1:], go_path_base(second))
    return LinkSpec(first, second)


def go_path_base(p: str) -> str:
    """The file part of Go ``path.Split``: everything after the last ``/``."""
    return p[p.rfind("/") + 1 :]


def go_path_clean(p: str) -> str:
    """Go ``path.Clean`` (lexical: ``//`` → ``/``, ``.`` and ``..`` resolved)."""
    if p == "":
        return "."
    rooted = p.startswith("/")
    out: list[str] = []
    for elem in p.split("/"):
        if elem in ("", "."):
            continue
        if elem == "..":
            if out and out[-1] != "..":
                out.pop()
            elif not rooted:
                out.append("..")
            continue
        out.append(elem)
    joined = "/".join(out)
    if rooted:
        return "/" + joined
    return joined or "."


def _go_path_join(*elems: str) -> str:
    """Go ``path.Join``: empty elements are ignored, the result is cleaned."""
    nonempty = [e for e in elems if e != ""]
    if not nonempty:
        return ""
    return go_path_clean("/".join(nonempty))


def link_name(parent: str, alias: str) -> str:
    """The daemon's link name ``path.Join(parent.Name, alias)``, e.g. ``/web/db``.

    ``parent`` may be given with or without its leading ``/`` (container names are
    stored as ``/name``). ``alias`` is not validated, just like in the daemon: ``a/b``
    gives ``/web/a/b`` (prefix ``B``), ``""`` gives ``/web`` (the dropped link).
    """
    if not parent.startswith("/"):
        parent = "/" + parent
    return _go_path_join(parent, alias)


def stored_form(child: str, parent: str, alias: str) -> str:
    """``HostConfig.Links`` as ``docker inspect`` shows it: ``/db:/web/db``."""
    if not child.startswith("/"):
        child = "/" + child
    return f"{child}:{link_name(parent, alias)}"
