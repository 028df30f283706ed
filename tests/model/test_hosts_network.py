from __future__ import annotations

import pytest

from delink.model import (
    CONTAINER_NETWORK_LINKS_MESSAGE,
    HOST_NETWORK_LINKS_MESSAGE,
    NETWORK_ALIAS_MESSAGE,
    LinkKind,
    NetworkKind,
    classify_network,
    default_hostname,
    env_injected,
    hosts_line,
    hosts_names,
    link_kind,
    network_alias_allowed,
    network_connect_link_kind,
    reject_message,
    sanitize_network_name,
    valid_network_name,
)


def test_hosts_names() -> None:
    assert hosts_names("webdb", "0b0399d15a8d", "/db") == ["webdb", "0b0399d15a8d", "db"]
    assert hosts_names("db", "0b0399d15a8d", "/db") == ["db", "0b0399d15a8d"]
    assert hosts_names("db", "db", "db") == ["db", "db"]  # no dedupe of alias vs hostname
    assert hosts_names("x", "h", "db") == ["x", "h", "db"]


def test_hosts_line() -> None:
    # engine-lab.md: 172.17.0.2<TAB>webdb 0b0399d15a8d db
    assert hosts_line("172.17.0.2", "webdb", "0b0399d15a8d", "/db") == (
        "172.17.0.2\twebdb 0b0399d15a8d db"
    )


def test_default_hostname() -> None:
    cid = "0b0399d15a8d4f3a2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b"
    assert default_hostname(cid) == "0b0399d15a8d"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, NetworkKind.DEFAULT_BRIDGE),
        ("", NetworkKind.DEFAULT_BRIDGE),
        ("default", NetworkKind.DEFAULT_BRIDGE),
        ("bridge", NetworkKind.DEFAULT_BRIDGE),
        ("host", NetworkKind.HOST),
        ("none", NetworkKind.NONE),
        ("container:db", NetworkKind.CONTAINER),
        ("service:db", NetworkKind.SERVICE),
        ("$NET", NetworkKind.UNKNOWN),
        ("${NET:-bridge}", NetworkKind.UNKNOWN),
        ("$(get_net)", NetworkKind.UNKNOWN),
        ("{{ net }}", NetworkKind.UNKNOWN),
        ("appnet", NetworkKind.USER_DEFINED),
        ("Host", NetworkKind.USER_DEFINED),  # Docker compares case-sensitively
        ("my_project_default", NetworkKind.USER_DEFINED),
    ],
)
def test_classify_network(value: str | None, kind: NetworkKind) -> None:
    assert classify_network(value) is kind


def test_link_kinds() -> None:
    assert link_kind(NetworkKind.DEFAULT_BRIDGE) is LinkKind.LEGACY
    assert link_kind(NetworkKind.USER_DEFINED) is LinkKind.ENDPOINT
    for k in (NetworkKind.HOST, NetworkKind.CONTAINER, NetworkKind.SERVICE):
        assert link_kind(k) is LinkKind.REJECTED
    assert link_kind(NetworkKind.NONE) is LinkKind.NOOP
    assert link_kind(NetworkKind.UNKNOWN) is LinkKind.UNKNOWN
    assert network_connect_link_kind(NetworkKind.USER_DEFINED) is LinkKind.ENDPOINT
    assert network_connect_link_kind(NetworkKind.DEFAULT_BRIDGE) is LinkKind.NOOP
    assert network_connect_link_kind(NetworkKind.UNKNOWN) is LinkKind.UNKNOWN


def test_env_injected() -> None:
    assert env_injected(LinkKind.LEGACY, "20.10")
    assert env_injected(LinkKind.LEGACY, "28.5.0")
    assert not env_injected(LinkKind.LEGACY, "29.0.0")
    assert env_injected(LinkKind.LEGACY, "29.0.0", keep_env=True)
    # v30 removes the escape hatch with the env vars
    assert not env_injected(LinkKind.LEGACY, "30.0", keep_env=True)
    assert env_injected(LinkKind.LEGACY, "29.9", keep_env=True)
    for kind in LinkKind:
        if kind is not LinkKind.LEGACY:
            assert not env_injected(kind, "20.10", keep_env=True)


def test_reject_messages() -> None:
    assert reject_message(NetworkKind.HOST) == (
        "conflicting options: host type networking can't be used with links. "
        "This would result in undefined behavior"
    )
    assert reject_message(NetworkKind.HOST) == HOST_NETWORK_LINKS_MESSAGE
    assert reject_message(NetworkKind.CONTAINER) == CONTAINER_NETWORK_LINKS_MESSAGE
    assert CONTAINER_NETWORK_LINKS_MESSAGE.startswith(
        "conflicting options: container type network can't be used with links"
    )
    assert reject_message(NetworkKind.SERVICE) == CONTAINER_NETWORK_LINKS_MESSAGE
    for kind in (NetworkKind.DEFAULT_BRIDGE, NetworkKind.USER_DEFINED, NetworkKind.NONE):
        assert reject_message(kind) is None


def test_network_alias() -> None:
    assert NETWORK_ALIAS_MESSAGE == (
        "network-scoped aliases are only supported for user-defined networks"
    )
    assert network_alias_allowed(NetworkKind.USER_DEFINED)
    for kind in (NetworkKind.DEFAULT_BRIDGE, NetworkKind.HOST, NetworkKind.NONE):
        assert not network_alias_allowed(kind)


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("appnet", True),
        ("a", False),
        ("my_app.net-1", True),
        ("-net", False),
        ("a b", False),
        ("é1", False),
        ("ab", True),
    ],
)
def test_valid_network_name(name: str, ok: bool) -> None:
    assert valid_network_name(name) is ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("appnet", "appnet"),
        ("My App", "My-App"),
        ("--x--", "x-net"),
        ("", "delink-net"),
        ("___", "delink-net"),
        ("légacy app!", "l-gacy-app"),
    ],
)
def test_sanitize_network_name(text: str, expected: str) -> None:
    assert sanitize_network_name(text) == expected
    assert valid_network_name(sanitize_network_name(text))
