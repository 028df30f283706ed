"""Container ports: ``--expose``, ``-p``, ``EXPOSE`` and a table of official images.

Every function returns normalized ports ``"<number>/<proto>"`` with a lower-case
protocol (``tcp``, ``udp`` or ``sctp``); a bare number means tcp. These are the keys
of the child's ``Config.ExposedPorts``, the set the link env vars are computed from
(``link-semantics.md`` section 2).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from functools import cache

__all__ = [
    "PROTOCOLS",
    "dockerfile_expose",
    "image_ports",
    "image_table_key",
    "normalize_port",
    "parse_expose",
    "parse_publish",
    "split_port",
]

PROTOCOLS = ("tcp", "udp", "sctp")

_NUMBER_RE = re.compile(r"[0-9]+", re.ASCII)


def _port_number(text: str, what: str) -> int:
    if not _NUMBER_RE.fullmatch(text):
        raise ValueError(f"invalid {what}: {text!r}")
    n = int(text)
    if n > 65535:
        raise ValueError(f"invalid {what}: {text!r} (ports go up to 65535)")
    return n


def _split_proto(text: str) -> tuple[str, str]:
    """go-connections ``SplitProtoPort``: ``"80/udp"`` → ``("80", "udp")``; no proto → tcp."""
    number, sep, proto = text.partition("/")
    if not sep or proto == "":
        return number, "tcp"
    proto = proto.lower()
    if proto not in PROTOCOLS:
        raise ValueError(f"invalid protocol {proto!r} in {text!r} (tcp, udp or sctp)")
    return number, proto


def _port_range(text: str, what: str) -> tuple[int, int]:
    """go-connections ``ParsePortRange``: ``"8000-8002"`` → ``(8000, 8002)``."""
    if text == "":
        raise ValueError(f"empty {what}")
    start_text, sep, end_text = text.partition("-")
    start = _port_number(start_text, what)
    if not sep:
        return start, start
    end = _port_number(end_text, what)
    if end < start:
        raise ValueError(f"invalid range specified for the {what}: {text!r}")
    return start, end


def split_port(port: str) -> tuple[int, str]:
    """``"5432/tcp"`` → ``(5432, "tcp")``; ``"80"`` → ``(80, "tcp")``."""
    number, proto = _split_proto(port.strip())
    return _port_number(number, "port"), proto


def normalize_port(s: str) -> str:
    """``"5432"`` → ``"5432/tcp"``; ``"53/UDP"`` → ``"53/udp"``. ValueError on junk."""
    number, proto = split_port(s)
    return f"{number}/{proto}"


def _expand(start: int, end: int, proto: str) -> list[str]:
    return [f"{n}/{proto}" for n in range(start, end + 1)]


def parse_expose(value: str) -> list[str]:
    """The ports of one ``--expose`` value: ``"8000-8002/udp"`` → three udp ports."""
    text = value.strip()
    if ":" in text:
        raise ValueError(f"invalid port format for --expose: {value}")
    ports, proto = _split_proto(text)
    start, end = _port_range(ports, "port")
    return _expand(start, end, proto)


def _publish_long(value: str) -> list[str]:
    """The csv form ``target=80,published=8080,protocol=udp`` (docker/cli ``PortOpt``)."""
    target: str | None = None
    proto = "tcp"
    for field in value.split(","):
        key, sep, val = field.partition("=")
        if not sep:
            raise ValueError(f"invalid field {field!r} in --publish {value!r}")
        key = key.strip().lower()
        if key == "target":
            target = val.strip()
        elif key == "protocol":
            proto = val.strip().lower()
            if proto not in PROTOCOLS:
                raise ValueError(f"invalid protocol {proto!r} in --publish {value!r}")
    if target is None:
        raise ValueError(f"missing target port in --publish {value!r}")
    start, end = _port_range(target, "container port")
    return _expand(start, end, proto)


def parse_publish(value: str) -> list[str]:
    """The **container** ports of one ``-p`` value (go-connections ``ParsePortSpec``).

    ``8080:80`` → ``80/tcp``; ``127.0.0.1:8080:80/udp`` → ``80/udp``;
    ``[::1]:6001:6001`` → ``6001/tcp``; ``3000-3005`` → six ports;
    ``9090-9091:8080-8081`` → 8080 and 8081; ``8000-9000:80`` (a host range for one
    container port) → ``80/tcp``; ``127.0.0.1::80`` → ``80/tcp``. The csv long form
    (``target=80,published=8080``) is accepted too.
    """
    text = value.strip()
    if "=" in text:
        return _publish_long(text)
    rest, proto = _split_proto(text)
    parts = rest.split(":")
    container = parts[-1]
    host = parts[-2] if len(parts) >= 2 else ""
    ip = ":".join(parts[:-2]).removeprefix("[").removesuffix("]")
    if ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise ValueError(f"invalid IP address {ip!r} in --publish {value!r}") from None
    start, end = _port_range(container, "container port")
    if host:
        host_start, host_end = _port_range(host, "host port")
        if start != end and (host_end - host_start) != (end - start):
            raise ValueError(f"invalid ranges specified for container and host ports: {value!r}")
    return _expand(start, end, proto)


def dockerfile_expose(args: str) -> list[str]:
    """The ports of a Dockerfile ``EXPOSE`` line's arguments, ranges expanded, protocol
    lower-cased (BuildKit ``dispatchExpose``). Variables must be expanded by the caller;
    a ``$`` or a ``host:container`` mapping raises ValueError."""
    out: list[str] = []
    for token in args.split():
        if "$" in token:
            raise ValueError(f"EXPOSE argument {token!r} needs variable expansion")
        if ":" in token:
            raise ValueError(f"EXPOSE takes container ports only, not mappings: {token!r}")
        ports, proto = _split_proto(token)
        start, end = _port_range(ports, "port")
        out.extend(_expand(start, end, proto))
    return out


# -- image table -------------------------------------------------------------------------

_REGISTRY_PREFIXES = ("docker.io/", "index.docker.io/", "registry-1.docker.io/")


def image_table_key(image: str) -> tuple[str, str]:
    """``(name, tag)`` of an image reference as the table keys it: registry
    ``docker.io/`` and ``library/`` stripped, digest dropped, lower-cased.

    ``"docker.io/library/postgres:15-alpine"`` → ``("postgres", "15-alpine")``.
    """
    ref = image.strip().lower()
    ref = ref.split("@", 1)[0]
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    tag = ""
    if colon > slash:
        ref, tag = ref[:colon], ref[colon + 1 :]
    for prefix in _REGISTRY_PREFIXES:
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    if ref.startswith("library/"):
        ref = ref[len("library/") :]
    return ref, tag


@cache
def _image_table() -> dict[str, dict[str, list[str]]]:
    """The bundled table, loaded on first use (never at import)."""
    import json

    from delink.datafiles import read_text

    text = read_text("image_ports.json")
    raw = json.loads(text)
    table: dict[str, dict[str, list[str]]] = {}
    for name, entry in raw["images"].items():
        variants: dict[str, list[str]] = {"": [normalize_port(p) for p in entry["ports"]]}
        for tag_part, ports in entry.get("tag_variants", {}).items():
            variants[tag_part] = [normalize_port(p) for p in ports]
        table[name] = variants
    return table


def image_ports(image: str, extra: Mapping[str, Iterable[str]] | None = None) -> list[str] | None:
    """The ports an image reference EXPOSEs, from ``extra`` (user entries, which win)
    or from the bundled table of official images; None when unknown.

    Keys of ``extra`` are normalized like image references (``docker.io/library/redis``
    and ``redis:7`` are the key ``redis``). Bundled entries may depend on the tag: a tag
    containing a variant's marker (``management`` for rabbitmq, ``fpm`` for php and
    wordpress) uses that variant's list. Tags do not change the list otherwise; the
    table holds each image's current ports, and old tags may differ (so values derived
    from it are "guessed").
    """
    name, tag = image_table_key(image)
    if extra:
        for key, ports in extra.items():
            if image_table_key(key)[0] == name:
                return [normalize_port(p) for p in ports]
    variants = _image_table().get(name)
    if variants is None:
        return None
    for tag_part, ports in variants.items():
        if tag_part and tag_part in tag:
            return list(ports)
    return list(variants[""])
