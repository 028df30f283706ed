from __future__ import annotations

import re

import pytest

from delink.model import (
    ENV_PREFIX_DENYLIST,
    UNAMBIGUOUS_LINK_VAR_RE,
    UNAMBIGUOUS_LINK_VAR_RE_BYTES,
    LinkVar,
    alias_regex,
    aliases_for_prefix,
    env_prefix,
    is_unambiguous_link_var,
    link_var_candidates,
    parse_link_var,
    prefix_matches_alias,
)
from delink.model.envnames import _ASCII_UPPER_EXTRA, _upper_inverse


@pytest.mark.parametrize(
    ("name", "prefix", "shape", "port", "proto", "field", "env_name"),
    [
        ("DB_PORT", "DB", "port-url", None, None, None, None),
        ("DB_PORT_5432_TCP", "DB", "port", 5432, "tcp", None, None),
        ("DB_PORT_5432_TCP_ADDR", "DB", "addr", 5432, "tcp", "ADDR", None),
        ("DB_PORT_5432_TCP_PORT", "DB", "port-number", 5432, "tcp", "PORT", None),
        ("DB_PORT_53_UDP_PROTO", "DB", "proto", 53, "udp", "PROTO", None),
        ("DB_PORT_9000_SCTP_START", "DB", "start", 9000, "sctp", "START", None),
        ("DB_PORT_80_TCP_PORT_START", "DB", "port-start", 80, "tcp", "PORT_START", None),
        ("DB_PORT_80_TCP_END", "DB", "end", 80, "tcp", "END", None),
        ("DB_PORT_80_TCP_PORT_END", "DB", "port-end", 80, "tcp", "PORT_END", None),
        ("DB_NAME", "DB", "name", None, None, None, None),
        ("DB_ENV_POSTGRES_PASSWORD", "DB", "env", None, None, None, "POSTGRES_PASSWORD"),
        ("FIRST_ENV_e1", "FIRST", "env", None, None, None, "e1"),
        ("DB_1_PORT_5432_TCP_ADDR", "DB_1", "addr", 5432, "tcp", "ADDR", None),
        ("REDSHIFT_DB_PORT_5439_TCP", "REDSHIFT_DB", "port", 5439, "tcp", None, None),
        ("MY.DB_PORT_80_TCP", "MY.DB", "port", 80, "tcp", None, None),
        ("DB_ENV_NAME", "DB", "env", None, None, None, "NAME"),
        ("DB_ENV_X_PORT_80_TCP", "DB", "env", None, None, None, "X_PORT_80_TCP"),
        ("X_PORT_PORT_80_TCP", "X_PORT", "port", 80, "tcp", None, None),
        ("DB_PORT_0_TCP", "DB", "port", 0, "tcp", None, None),
        ("DB_PORT_65535_UDP", "DB", "port", 65535, "udp", None, None),
    ],
)
def test_parse_link_var(
    name: str,
    prefix: str,
    shape: str,
    port: int | None,
    proto: str | None,
    field: str | None,
    env_name: str | None,
) -> None:
    assert parse_link_var(name) == LinkVar(name, prefix, shape, port, proto, field, env_name)


@pytest.mark.parametrize(
    "name",
    [
        "PORT",
        "_PORT",
        "NAME",
        "NODE_ENV",
        "DB_PORT_80_tcp",
        "DB_PORT_80_HTTP",
        "DB_PORT_65536_TCP",
        "DB_PORT_080_TCP",
        "DB_PORT_80_TCP_HOST",
        "db_PORT_80_TCP",
        "my-db_PORT",
        "A=B_PORT",
        "DATABASE_URL",
        "",
    ],
)
def test_not_link_vars(name: str) -> None:
    assert parse_link_var(name) is None


def test_candidates_list_every_reading() -> None:
    readings = [(v.prefix, v.shape) for v in link_var_candidates("A_PORT_80_TCP_PORT")]
    assert readings == [("A", "port-number"), ("A_PORT_80_TCP", "port-url")]
    readings = [(v.prefix, v.shape) for v in link_var_candidates("A_ENV_B_NAME")]
    assert readings == [("A", "env"), ("A_ENV_B", "name")]


def test_ambiguity() -> None:
    assert parse_link_var("DB_PORT") is not None
    assert parse_link_var("DB_PORT").ambiguous  # type: ignore[union-attr]
    assert parse_link_var("DB_NAME").ambiguous  # type: ignore[union-attr]
    assert not parse_link_var("DB_PORT_5432_TCP").ambiguous  # type: ignore[union-attr]
    assert not is_unambiguous_link_var("DB_PORT")
    assert not is_unambiguous_link_var("DB_NAME")
    assert is_unambiguous_link_var("DB_PORT_5432_TCP_ADDR")
    assert is_unambiguous_link_var("DB_ENV_PASSWORD")
    assert not is_unambiguous_link_var("NODE_ENV_FILE")
    assert not is_unambiguous_link_var("VIRTUAL_ENV_DISABLE_PROMPT")
    assert is_unambiguous_link_var("APP_ENV_SECRET")
    assert "APP" not in ENV_PREFIX_DENYLIST
    assert not is_unambiguous_link_var("HOME")


def test_port_key() -> None:
    var = parse_link_var("DB_PORT_5432_TCP_ADDR")
    assert var is not None and var.port_key == "5432/tcp"
    var = parse_link_var("DB_PORT")
    assert var is not None and var.port_key is None


def test_prefilter_regexes() -> None:
    assert UNAMBIGUOUS_LINK_VAR_RE.search("echo $DB_PORT_5432_TCP_ADDR")
    assert UNAMBIGUOUS_LINK_VAR_RE_BYTES.search(b"os.environ['MYSQL_ENV_DB_USER']")
    assert not UNAMBIGUOUS_LINK_VAR_RE.search("DB_PORT=5432 DB_NAME=app NODE_ENV=production")


def test_alias_matching() -> None:
    assert prefix_matches_alias("WEB_DB", "web-db")
    assert not prefix_matches_alias("WEB_DB", "webdb")
    aliases = ["web-db", "webdb", "web_db", "WEB-DB", "/x/web-db", "db"]
    assert aliases_for_prefix("WEB_DB", aliases) == ["web-db", "web_db", "WEB-DB", "/x/web-db"]


@pytest.mark.parametrize(
    ("prefix", "matching", "not_matching"),
    [
        ("WEB_DB", ["web-db", "web_db", "WEB-DB", "Web_dB"], ["webdb", "web.db", "web-db2"]),
        ("MY.DB", ["my.db", "MY.db"], ["myxdb", "my_db"]),
        ("DB_1", ["db-1", "DB_1"], ["db1"]),
        ("STRAßE", ["straße", "STRAßE"], ["strasse", "STRASSE"]),
        ("ID", ["id", "ıd", "Id"], ["İd"]),
        ("A+B", ["a+b"], ["aab"]),
    ],
)
def test_alias_regex(prefix: str, matching: list[str], not_matching: list[str]) -> None:
    rx = re.compile(alias_regex(prefix))
    for alias in matching:
        assert rx.fullmatch(alias), alias
        assert env_prefix(alias) == prefix
    for alias in not_matching:
        assert not rx.fullmatch(alias), alias


def test_alias_regex_impossible_prefix() -> None:
    assert not re.compile(alias_regex("db")).fullmatch("db")
    assert not re.compile(alias_regex("")).fullmatch("")


def test_ascii_fast_path_agrees_with_table() -> None:
    inverse = _upper_inverse()
    for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        expected = sorted(inverse.get(ch, ()))
        assert sorted([ch.lower(), *_ASCII_UPPER_EXTRA.get(ch, [])]) == expected
    for ch in "0123456789_.+ ":
        assert ch not in inverse
