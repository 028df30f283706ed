"""``/etc/hosts`` lines a legacy link adds to the parent (moby ``addLegacyLinks``).

One line per child address (IPv4, plus the global IPv6 address if the child has one):
``<ip>\\t<alias> <child hostname>[ <child name>]``. The name (without its leading
``/``) is left out when it equals the alias; the alias and the hostname are never
deduplicated. The hostname is ``--hostname`` or the first 12 characters of the child's
ID. Only on the default bridge; user-defined networks resolve names through DNS.
"""

from __future__ import annotations

__all__ = ["default_hostname", "hosts_line", "hosts_names"]


def default_hostname(container_id: str) -> str:
    """A container's default hostname: the first 12 characters of its ID."""
    return container_id[:12]


def hosts_names(alias: str, child_hostname: str, child_name: str) -> list[str]:
    """``[alias, hostname]`` plus the child's name when it differs from the alias.

    ``child_name`` may be given with or without the leading ``/`` Docker stores.
    """
    name = child_name[1:] if child_name.startswith("/") else child_name
    names = [alias, child_hostname]
    if alias != name:
        names.append(name)
    return names


def hosts_line(ip: str, alias: str, child_hostname: str, child_name: str) -> str:
    """``<ip>\\t<names joined by a space>``, e.g. ``172.17.0.2\\twebdb 0b0399d15a8d db``."""
    return f"{ip}\t{' '.join(hosts_names(alias, child_hostname, child_name))}"
