from __future__ import annotations

import pytest

from delink.model import (
    LinkSpec,
    LinkSpecError,
    deprecation_warning,
    env_off_by_default,
    link_name,
    old_env_algorithm,
    parse_engine,
    parse_link,
    stored_form,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.10.24+dfsg1", (20, 10)),
        ("28", (28, 0)),
        ("1.13.1", (1, 13)),
        ("v29.0.0", (29, 0)),
        ("docker-v29.6.0", (29, 6)),
        ("17.03.2-ce", (17, 3)),
        ("29.0.0-rc.1", (29, 0)),
        (" 27.5.1 ", (27, 5)),
    ],
)
def test_parse_engine(text: str, expected: tuple[int, int]) -> None:
    assert parse_engine(text) == expected


@pytest.mark.parametrize("junk", ["", "latest", "v", "28.x", "twenty", "1..2", "28.0.0.0.0"])
def test_parse_engine_rejects_junk(junk: str) -> None:
    with pytest.raises(ValueError, match="not a Docker Engine version"):
        parse_engine(junk)


@pytest.mark.parametrize(
    ("engine", "old", "off", "warn"),
    [
        ("1.13.1", True, False, False),
        ("17.06", True, False, False),
        ("20.10.24", True, False, False),
        ("27.5.1", True, False, False),
        ("28.0.0", False, False, False),
        ("28.5.2", False, False, False),
        ("29.0.0", False, True, False),
        ("29.5.9", False, True, False),
        ("29.6.0", False, True, True),
        ("30.0", False, True, True),
    ],
)
def test_version_matrix(engine: str, old: bool, off: bool, warn: bool) -> None:
    assert old_env_algorithm(engine) is old
    assert env_off_by_default(engine) is off
    assert deprecation_warning(engine) is warn


@pytest.mark.parametrize(
    ("value", "name", "alias"),
    [
        ("db", "db", "db"),
        ("db:alias", "db", "alias"),
        ("/db", "/db", "/db"),  # a single part keeps its slash
        ("/foo:/c1/bar", "foo", "bar"),
        ("/foo:bar", "foo", "bar"),
        ("foo:/c1/bar", "foo", "/c1/bar"),
        ("dcdfbe62ecd0:alias", "dcdfbe62ecd0", "alias"),
        ("angry_torvalds:linus", "angry_torvalds", "linus"),
        ("db:", "db", ""),
        (":x", "", "x"),
        ("a b:My.Alias", "a b", "My.Alias"),
    ],
)
def test_parse_link(value: str, name: str, alias: str) -> None:
    assert parse_link(value) == LinkSpec(name, alias)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty string specified for links"),
        ("a:b:c", "bad format for links: a:b:c"),
        ("too:much:of:it", "bad format for links: too:much:of:it"),
        ("link:alias:wrong", "bad format for links: link:alias:wrong"),
    ],
)
def test_parse_link_errors(value: str, message: str) -> None:
    with pytest.raises(LinkSpecError) as err:
        parse_link(value)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)


def test_empty_flags() -> None:
    assert parse_link("db:").empty_alias
    assert not parse_link("db:").empty_name
    assert parse_link(":x").empty_name
    assert not parse_link("db").empty_alias


@pytest.mark.parametrize(
    ("parent", "alias", "expected"),
    [
        ("web", "db", "/web/db"),
        ("/web", "db", "/web/db"),
        ("/web", "", "/web"),
        ("/web", "a/b", "/web/a/b"),
        ("/web", "../x", "/x"),
        ("/web", "/db", "/web/db"),
        ("/web", "./db", "/web/db"),
    ],
)
def test_link_name(parent: str, alias: str, expected: str) -> None:
    assert link_name(parent, alias) == expected


def test_stored_form() -> None:
    assert stored_form("db", "web", "db") == "/db:/web/db"
    assert stored_form("/container1", "/testinspectlink", "alias1") == (
        "/container1:/testinspectlink/alias1"
    )
    assert parse_link(stored_form("db", "web", "webdb")) == LinkSpec("db", "webdb")
