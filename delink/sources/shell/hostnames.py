"""Hostnames the shell text uses (``psql -h db``, ``nc db 5432``, ``wait-for-it db:5432``,
``http://db:8080``, ``DB_HOST=db``, ``${DB_HOST:-db}``): a link's alias used as a host
name breaks when the link goes away without a network alias."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.facts import HostnameUse
from delink.sources.shell.words import Word, names

if TYPE_CHECKING:
    from tree_sitter import Node

    from delink.sources.shell.command import Fragment
    from delink.sources.shell.extract import Extractor
    from delink.sources.shell.locate import ByteChars

HOST_FLAG_COMMANDS = names(
    """
    psql pg_isready pg_dump pg_dumpall pg_restore createdb dropdb createuser dropuser
    vacuumdb reindexdb clusterdb pgbench mysql mysqladmin mysqldump mysqlshow mysqlcheck
    mysqlimport mariadb mariadb-admin mariadb-dump redis-cli keydb-cli mongo mongosh
    mongodump mongorestore mongoexport mongoimport clickhouse-client influx
    """
)
POSITIONAL_HOST_COMMANDS = frozenset(
    {"nc", "ncat", "netcat", "telnet", "ping", "nslookup", "host", "dig", "getent"}
)
_WAIT_FOR = re.compile(r"^(?:.*/)?wait-for(?:-it)?(?:\.sh)?$")
_URL = re.compile(
    r"\b[A-Za-z][A-Za-z0-9+.-]*://(?:[^\s/@'\"`$()]*@)?([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)"
)
_HOST_ASSIGN = re.compile(
    r"\b[A-Za-z_][A-Za-z0-9_]*(?:HOST|HOSTNAME|SERVER|_ADDR)=[\"']?([A-Za-z][A-Za-z0-9_.-]*)"
)
_HOST_DEFAULT = re.compile(
    r"\$\{[A-Za-z_][A-Za-z0-9_]*(?:HOST|HOSTNAME|SERVER|_ADDR)[A-Za-z0-9_]*:?[-=]([A-Za-z][A-Za-z0-9_.-]*)\}"
)
HOSTLIKE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")


def command_hostnames(ex: Extractor, words: list[Word], container_key: str | None) -> None:
    if not words:
        return
    lit = words[0].literal
    if lit is None:
        return
    base = lit.rsplit("/", 1)[-1]
    args = words[1:]
    if base in HOST_FLAG_COMMANDS:
        for k, w in enumerate(args):
            wl = w.literal
            if wl is None:
                continue
            value: Word | None = None
            if wl in ("-h", "--host", "-host", "-H") and k + 1 < len(args):
                value = args[k + 1]
            elif wl.startswith("--host="):
                value = w.sub(7, None, start=w.units[6].end)
            elif wl.startswith("-h") and len(wl) > 2 and base.startswith(("mysql", "mariadb")):
                value = w.sub(2, None, start=w.units[1].end)
            if value is not None:
                hostname_word(ex, value, container_key)
    elif base in POSITIONAL_HOST_COMMANDS:
        skip_next = False
        for w in args:
            wl = w.literal
            if skip_next:
                skip_next = False
                continue
            if wl is None:
                return
            if wl.startswith("-"):
                skip_next = wl in ("-w", "-W", "-i", "-p", "-s", "-q", "-c", "-t")
                continue
            hostname_word(ex, w, container_key)
            return
    elif _WAIT_FOR.match(base):
        for w in args:
            wl = w.literal
            if wl and not wl.startswith("-") and ":" in wl:
                colon = w.find_lit(":")
                hostname_word(ex, w.part(0, colon), container_key)
                return


def hostname_word(ex: Extractor, w: Word, container_key: str | None) -> None:
    lit = w.literal
    if lit and HOSTLIKE.fullmatch(lit) and w.units:
        ex.facts.hostnames.append(
            HostnameUse(lit, ex.span(w.units[0].start, w.units[-1].end), container_key)
        )


def text_hostnames(ex: Extractor, frag: Fragment, root: Node, bc: ByteChars) -> None:
    text = frag.text
    if "://" not in text and "HOST" not in text and "SERVER" not in text and "_ADDR" not in text:
        return
    for rx in (_URL, _HOST_ASSIGN, _HOST_DEFAULT):
        for mt in rx.finditer(text):
            a, b = mt.span(1)
            if _in_comment(root, text, bc, a):
                continue
            host = mt.group(1)
            ex.facts.hostnames.append(
                HostnameUse(host, ex.span(frag.m(a), frag.m.end(b)), frag.container_key)
            )


def _in_comment(root: Node, text: str, bc: ByteChars, a: int) -> bool:
    line_start = text.rfind("\n", 0, a) + 1
    if "#" not in text[line_start:a]:
        return False
    b = len(text[:a].encode("utf-8", "surrogatepass"))
    node = root.descendant_for_byte_range(b, b + 1)
    while node is not None:
        if node.type == "comment":
            return True
        if node.type in ("program", "command", "string", "raw_string", "heredoc_body"):
            return False
        node = node.parent
    return False
