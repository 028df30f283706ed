"""Values delink writes when it replaces link env vars with explicit env.

After a migration to a user-defined network, the child is reachable by a hostname
(the link alias, kept as a network alias or the container name) instead of its
default-bridge IP. So every value keeps its shape and the IP becomes the hostname:
``DB_PORT=tcp://db:5432``, ``DB_PORT_5432_TCP_ADDR=db`` (the compose docs' advice).

Exactness of a value (:func:`explicit_value`):

``"exact"``
    the same string the engine injected: ``A_PORT_N_P_PORT``, ``A_PORT_N_P_PROTO``,
    ``A_NAME`` with a known parent name, ``A_ENV_X`` with a known literal, and
    (with an exact port list) ``A_PORT_N_P_PORT_START`` / ``_PORT_END``.
``"hostname"``
    the engine's value with the IP replaced by the hostname (``_ADDR``, the URL forms
    ``A_PORT_N_P``, and with an exact port list ``A_PORT``, ``_START``, ``_END``): the
    behaviour changes from "an address" to "a name to resolve".
``"guessed"``
    depends on a port list that is not known exactly (``ports_exact=False``, e.g. the
    ports came from the image table): bare ``A_PORT`` (its default port) and all range
    vars. Also the exactness reported with a None value (nothing can be written).

Ports named in the variable itself (``DB_PORT_5432_TCP_ADDR`` → ``5432/tcp``) always
count as known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from delink.model.envnames import LinkVar
from delink.model.linkenv import env_prefix, link_env
from delink.model.linkspec import link_name

__all__ = ["EXACTNESS", "explicit_link_env", "explicit_value"]

EXACTNESS = ("exact", "hostname", "guessed")

UNKNOWN_PARENT = "?"


def explicit_link_env(
    alias: str,
    parent_name: str | None,
    ports: Iterable[str],
    child_env: Iterable[str] | None,
    engine: str,
    *,
    hostname: str | None = None,
) -> dict[str, str]:
    """The link vars of one link as a dict, with ``hostname`` (default: the alias) in
    place of the child IP: ``link_env(link_name(parent or '?', alias), hostname, ...)``.

    Duplicate keys (the old algorithm's repeated ``_ADDR``/``_PROTO``, which carry the
    same value, and repeated child env names) keep the **last** value: the daemon
    passes the duplicates on, and runc keeps the last value of each name before it
    starts the process (:func:`~delink.model.linkenv.dedupe_env`; checked on a real
    engine by ``tests/engine/test_model_engine.py``).
    """
    name = link_name(parent_name or UNKNOWN_PARENT, alias)
    host = alias if hostname is None else hostname
    out: dict[str, str] = {}
    for entry in link_env(name, host, ports, child_env, engine):
        key, _, value = entry.partition("=")
        out[key] = value
    return out


def explicit_value(
    var: LinkVar,
    alias: str,
    parent_name: str | None,
    known_ports: Iterable[str],
    child_env: Mapping[str, str] | None,
    engine: str,
    *,
    hostname: str | None = None,
    ports_exact: bool = False,
) -> tuple[str | None, str]:
    """The value to write for ``var`` and its exactness (see the module docs).

    Returns ``(None, "guessed")`` when the value cannot be known: ``A_NAME`` without a
    parent name, ``A_ENV_X`` without a literal for ``X`` (or for ``HOME``/``PATH``,
    which the engine never exports), ``A_PORT`` without any port, a range var the port
    list does not produce.
    """
    if var.shape == "env":
        name = var.env_name
        if child_env is None or name is None or name in ("HOME", "PATH") or name not in child_env:
            return None, "guessed"
        return child_env[name], "exact"
    if var.shape == "name":
        if not parent_name:
            return None, "guessed"
        return link_name(parent_name, alias), "exact"

    ports = list(known_ports)
    if var.port_key is not None:
        ports.append(var.port_key)
    env = explicit_link_env(alias, parent_name, ports, None, engine, hostname=hostname)
    key = env_prefix(alias) + var.name[len(var.prefix) :]
    value = env.get(key)
    if value is None:
        return None, "guessed"
    if var.shape in ("port-number", "proto"):
        return value, "exact"
    if var.shape in ("addr", "port"):
        return value, "hostname"
    if not ports_exact:
        return value, "guessed"
    if var.shape in ("port-start", "port-end"):
        return value, "exact"
    return value, "hostname"  # port-url, start, end
