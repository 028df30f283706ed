from __future__ import annotations

import pytest

from delink.model import LinkVar, explicit_link_env, explicit_value, parse_link_var

PORTS = ["5432/tcp", "8000/tcp", "8001/tcp", "8002/tcp", "53/udp"]


def var(name: str) -> LinkVar:
    v = parse_link_var(name)
    assert v is not None
    return v


def test_explicit_link_env_new() -> None:
    env = explicit_link_env("db", "web", ["5432"], ["POSTGRES_DB=app", "HOME=/x"], "28.0")
    assert env == {
        "DB_PORT": "tcp://db:5432",
        "DB_PORT_5432_TCP": "tcp://db:5432",
        "DB_PORT_5432_TCP_ADDR": "db",
        "DB_PORT_5432_TCP_PORT": "5432",
        "DB_PORT_5432_TCP_PROTO": "tcp",
        "DB_NAME": "/web/db",
        "DB_ENV_POSTGRES_DB": "app",
    }


def test_explicit_link_env_unknown_parent_hostname_and_duplicates() -> None:
    env = explicit_link_env("web-db", None, [], ["A=1", "A=2"], "20.10", hostname="postgres")
    assert env == {"WEB_DB_NAME": "/?/web-db", "WEB_DB_ENV_A": "2"}  # last wins


def test_explicit_link_env_old_default_port() -> None:
    env = explicit_link_env("db", "web", PORTS, None, "20.10")
    assert env["DB_PORT"] == "udp://db:53"
    assert env["DB_PORT_8000_TCP_END"] == "tcp://db:8002"
    assert explicit_link_env("db", "web", PORTS, None, "28.0")["DB_PORT"] == "tcp://db:5432"


@pytest.mark.parametrize(
    ("name", "ports_exact", "expected"),
    [
        ("DB_PORT_5432_TCP_PORT", False, ("5432", "exact")),
        ("DB_PORT_5432_TCP_PROTO", False, ("tcp", "exact")),
        ("DB_PORT_5432_TCP_ADDR", False, ("db", "hostname")),
        ("DB_PORT_5432_TCP", False, ("tcp://db:5432", "hostname")),
        ("DB_PORT_6379_TCP_ADDR", False, ("db", "hostname")),  # named in the var: known
        ("DB_PORT", False, ("tcp://db:5432", "guessed")),
        ("DB_PORT", True, ("tcp://db:5432", "hostname")),
        ("DB_PORT_8000_TCP_START", False, ("tcp://db:8000", "guessed")),
        ("DB_PORT_8000_TCP_START", True, ("tcp://db:8000", "hostname")),
        ("DB_PORT_8000_TCP_PORT_END", True, ("8002", "exact")),
        ("DB_PORT_8000_TCP_PORT_END", False, ("8002", "guessed")),
        ("DB_PORT_8001_TCP_START", True, (None, "guessed")),  # not a run start
        ("DB_NAME", False, ("/web/db", "exact")),
        ("DB_ENV_POSTGRES_DB", False, ("app", "exact")),
        ("DB_ENV_MISSING", False, (None, "guessed")),
        ("DB_ENV_HOME", False, (None, "guessed")),
    ],
)
def test_explicit_value(name: str, ports_exact: bool, expected: tuple[str | None, str]) -> None:
    child_env = {"POSTGRES_DB": "app", "HOME": "/root"}
    got = explicit_value(var(name), "db", "web", PORTS, child_env, "28.0", ports_exact=ports_exact)
    assert got == expected


def test_explicit_value_unknowns() -> None:
    assert explicit_value(var("DB_NAME"), "db", None, [], None, "28.0") == (None, "guessed")
    assert explicit_value(var("DB_PORT"), "db", "web", [], None, "28.0") == (None, "guessed")
    assert explicit_value(var("DB_ENV_X"), "db", "web", [], None, "28.0") == (None, "guessed")


def test_explicit_value_old_engine_default_port() -> None:
    got = explicit_value(var("DB_PORT"), "db", "web", PORTS, None, "20.10", ports_exact=True)
    assert got == ("udp://db:53", "hostname")


def test_explicit_value_custom_hostname_and_alias_spelling() -> None:
    got = explicit_value(
        var("WEB_DB_PORT_5432_TCP"), "web-db", "app", [], None, "28.0", hostname="pg"
    )
    assert got == ("tcp://pg:5432", "hostname")
