"""moby's own unit tests of ``daemon/links`` (``links_test.go``), ported case by case.

Both eras are ported, each against the engine versions it describes:

* HEAD (moby/moby ``daemon/links/links_test.go``, the ``network.MustParsePort`` version,
  read through the code index) and v28.0.0 (the ``container.PortSet{"6379/tcp": …}`` +
  ``nat.Sort(ports, withTCPPriority)`` version, same cases): the new algorithm.
* v27.x (the ``nat.PortSet`` version with ``TestLinkPortRangeEnv``, map-based asserts)
  and the intermediate exact-vector rewrite of the old tests (``// FIXME(thaJeztah):
  duplicate?``, spec ``34ab9570``): the old algorithm.

Like moby, env lists are compared sorted (``sort.Strings``), so as multisets.
"""

from __future__ import annotations

import pytest

from delink.model import link_env, sort_ports

NEW_ENGINES = ["28.0.0", "28.5.1", "29.0.0", "29.6.0"]
OLD_ENGINES = ["1.13.1", "17.03.2-ce", "20.10.24+dfsg1", "27.5.1"]


def env_map(raw: list[str]) -> dict[str, str]:
    """moby's old helper: split on every "=", fail unless exactly two parts."""
    env: dict[str, str] = {}
    for e in raw:
        parts = e.split("=")
        assert len(parts) == 2, e
        env[parts[0]] = parts[1]
    return env


# -- HEAD / v28.0.0: exact vectors, new algorithm ---------------------------------------


@pytest.mark.parametrize("engine", NEW_ENGINES)
def test_link_naming_head(engine: str) -> None:
    actual = link_env("/db/docker-1", "172.0.17.2", ["6379/tcp"], None, engine=engine)
    assert sorted(actual) == [
        "DOCKER_1_NAME=/db/docker-1",
        "DOCKER_1_PORT=tcp://172.0.17.2:6379",
        "DOCKER_1_PORT_6379_TCP=tcp://172.0.17.2:6379",
        "DOCKER_1_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_1_PORT_6379_TCP_PORT=6379",
        "DOCKER_1_PORT_6379_TCP_PROTO=tcp",
    ]


@pytest.mark.parametrize("engine", NEW_ENGINES + OLD_ENGINES)
def test_link_new(engine: str) -> None:
    # TestLinkNew checks the Link struct: Name, ParentIP, ChildIP, Ports. Here: the name
    # is kept as given, the child IP is used, the parent IP never appears anywhere (the
    # model does not even take it), and the port set is what was given.
    actual = link_env("/db/docker", "172.0.17.2", ["6379/tcp"], None, engine=engine)
    assert "DOCKER_NAME=/db/docker" in actual
    assert all("172.0.17.3" not in e for e in actual)
    assert "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2" in actual
    assert sort_ports(["6379/tcp"], engine) == ["6379/tcp"]


@pytest.mark.parametrize("engine", NEW_ENGINES)
def test_link_env_head(engine: str) -> None:
    actual = link_env("/db/docker", "172.0.17.2", ["6379/tcp"], ["PASSWORD=gordon"], engine)
    assert sorted(actual) == [
        "DOCKER_ENV_PASSWORD=gordon",
        "DOCKER_NAME=/db/docker",
        "DOCKER_PORT=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6379_TCP_PORT=6379",
        "DOCKER_PORT_6379_TCP_PROTO=tcp",
    ]


@pytest.mark.parametrize("engine", NEW_ENGINES)
def test_sort_ports_head(engine: str) -> None:
    ports = [
        "6379/tcp",
        "6376/udp",
        "6380/tcp",
        "6376/sctp",
        "6381/tcp",
        "6381/udp",
        "6375/udp",
        "6375/sctp",
    ]
    assert sort_ports(ports, engine) == [
        "6379/tcp",
        "6380/tcp",
        "6381/tcp",
        "6375/sctp",
        "6376/sctp",
        "6375/udp",
        "6376/udp",
        "6381/udp",
    ]


MULTI_PORTS = ["6300/udp", "6379/tcp", "6380/tcp", "6381/tcp", "6382/udp"]


@pytest.mark.parametrize("engine", NEW_ENGINES)
def test_link_multiple_env_head(engine: str) -> None:
    actual = link_env("/db/docker", "172.0.17.2", MULTI_PORTS, ["PASSWORD=gordon"], engine)
    assert sorted(actual) == [
        "DOCKER_ENV_PASSWORD=gordon",
        "DOCKER_NAME=/db/docker",
        "DOCKER_PORT=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6300_UDP=udp://172.0.17.2:6300",
        "DOCKER_PORT_6300_UDP_ADDR=172.0.17.2",
        "DOCKER_PORT_6300_UDP_PORT=6300",
        "DOCKER_PORT_6300_UDP_PROTO=udp",
        "DOCKER_PORT_6379_TCP=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6379_TCP_END=tcp://172.0.17.2:6381",
        "DOCKER_PORT_6379_TCP_PORT=6379",
        "DOCKER_PORT_6379_TCP_PORT_END=6381",
        "DOCKER_PORT_6379_TCP_PORT_START=6379",
        "DOCKER_PORT_6379_TCP_PROTO=tcp",
        "DOCKER_PORT_6379_TCP_START=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6380_TCP=tcp://172.0.17.2:6380",
        "DOCKER_PORT_6380_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6380_TCP_PORT=6380",
        "DOCKER_PORT_6380_TCP_PROTO=tcp",
        "DOCKER_PORT_6381_TCP=tcp://172.0.17.2:6381",
        "DOCKER_PORT_6381_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6381_TCP_PORT=6381",
        "DOCKER_PORT_6381_TCP_PROTO=tcp",
        "DOCKER_PORT_6382_UDP=udp://172.0.17.2:6382",
        "DOCKER_PORT_6382_UDP_ADDR=172.0.17.2",
        "DOCKER_PORT_6382_UDP_PORT=6382",
        "DOCKER_PORT_6382_UDP_PROTO=udp",
    ]


# -- v27.x: map-based asserts, old algorithm ----------------------------------------------


@pytest.mark.parametrize("engine", OLD_ENGINES)
def test_link_naming_v27(engine: str) -> None:
    env = env_map(link_env("/db/docker-1", "172.0.17.2", ["6379/tcp"], None, engine))
    assert env["DOCKER_1_PORT"] == "tcp://172.0.17.2:6379"


@pytest.mark.parametrize("engine", OLD_ENGINES)
def test_link_env_v27(engine: str) -> None:
    raw = link_env("/db/docker", "172.0.17.2", ["6379/tcp"], ["PASSWORD=gordon"], engine)
    env = env_map(raw)
    assert env["DOCKER_PORT"] == "tcp://172.0.17.2:6379"
    assert env["DOCKER_PORT_6379_TCP"] == "tcp://172.0.17.2:6379"
    assert env["DOCKER_PORT_6379_TCP_PROTO"] == "tcp"
    assert env["DOCKER_PORT_6379_TCP_ADDR"] == "172.0.17.2"
    assert env["DOCKER_PORT_6379_TCP_PORT"] == "6379"
    assert env["DOCKER_NAME"] == "/db/docker"
    assert env["DOCKER_ENV_PASSWORD"] == "gordon"


RANGE_PORTS = ["6379/tcp", "6380/tcp", "6381/tcp"]


def _assert_range_env(env: dict[str, str]) -> None:
    assert env["DOCKER_PORT"] == "tcp://172.0.17.2:6379"
    assert env["DOCKER_PORT_6379_TCP_START"] == "tcp://172.0.17.2:6379"
    assert env["DOCKER_PORT_6379_TCP_END"] == "tcp://172.0.17.2:6381"
    assert env["DOCKER_PORT_6379_TCP_PROTO"] == "tcp"
    assert env["DOCKER_PORT_6379_TCP_ADDR"] == "172.0.17.2"
    assert env["DOCKER_PORT_6379_TCP_PORT_START"] == "6379"
    assert env["DOCKER_PORT_6379_TCP_PORT_END"] == "6381"
    assert env["DOCKER_NAME"] == "/db/docker"
    assert env["DOCKER_ENV_PASSWORD"] == "gordon"


@pytest.mark.parametrize("engine", OLD_ENGINES + NEW_ENGINES)
def test_link_multiple_env_v27(engine: str) -> None:
    # The v27 TestLinkMultipleEnv (three contiguous tcp ports); its asserts hold in both
    # eras (the new algorithm only drops the duplicates).
    raw = link_env("/db/docker", "172.0.17.2", RANGE_PORTS, ["PASSWORD=gordon"], engine)
    _assert_range_env(env_map(raw))


@pytest.mark.parametrize("engine", OLD_ENGINES + NEW_ENGINES)
def test_link_port_range_env_v27(engine: str) -> None:
    raw = link_env("/db/docker", "172.0.17.2", RANGE_PORTS, ["PASSWORD=gordon"], engine)
    env = env_map(raw)
    _assert_range_env(env)
    for i in (6379, 6380, 6381):
        assert env[f"DOCKER_PORT_{i}_TCP_ADDR"] == "172.0.17.2"
        assert env[f"DOCKER_PORT_{i}_TCP_PORT"] == str(i)
        assert env[f"DOCKER_PORT_{i}_TCP_PROTO"] == "tcp"
        assert env[f"DOCKER_PORT_{i}_TCP"] == f"tcp://172.0.17.2:{i}"


# -- the exact-vector rewrite of the old tests (before the v28 algorithm change) ------------


@pytest.mark.parametrize("engine", OLD_ENGINES)
def test_link_naming_old_exact(engine: str) -> None:
    actual = link_env("/db/docker-1", "172.0.17.2", ["6379/tcp"], None, engine)
    assert sorted(actual) == [
        "DOCKER_1_NAME=/db/docker-1",
        "DOCKER_1_PORT=tcp://172.0.17.2:6379",
        "DOCKER_1_PORT_6379_TCP=tcp://172.0.17.2:6379",
        "DOCKER_1_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_1_PORT_6379_TCP_PORT=6379",
        "DOCKER_1_PORT_6379_TCP_PROTO=tcp",
    ]


@pytest.mark.parametrize("engine", OLD_ENGINES)
def test_link_env_old_exact(engine: str) -> None:
    actual = link_env("/db/docker", "172.0.17.2", ["6379/tcp"], ["PASSWORD=gordon"], engine)
    assert sorted(actual) == [
        "DOCKER_ENV_PASSWORD=gordon",
        "DOCKER_NAME=/db/docker",
        "DOCKER_PORT=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6379_TCP_PORT=6379",
        "DOCKER_PORT_6379_TCP_PROTO=tcp",
    ]


@pytest.mark.parametrize("engine", OLD_ENGINES)
def test_link_multiple_env_old_exact(engine: str) -> None:
    actual = link_env("/db/docker", "172.0.17.2", RANGE_PORTS, ["PASSWORD=gordon"], engine)
    assert sorted(actual) == [
        "DOCKER_ENV_PASSWORD=gordon",
        "DOCKER_NAME=/db/docker",
        "DOCKER_PORT=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",  # FIXME(thaJeztah): duplicate?
        "DOCKER_PORT_6379_TCP_END=tcp://172.0.17.2:6381",
        "DOCKER_PORT_6379_TCP_PORT=6379",
        "DOCKER_PORT_6379_TCP_PORT_END=6381",
        "DOCKER_PORT_6379_TCP_PORT_START=6379",
        "DOCKER_PORT_6379_TCP_PROTO=tcp",
        "DOCKER_PORT_6379_TCP_PROTO=tcp",  # FIXME(thaJeztah): duplicate?
        "DOCKER_PORT_6379_TCP_START=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6380_TCP=tcp://172.0.17.2:6380",
        "DOCKER_PORT_6380_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6380_TCP_PORT=6380",
        "DOCKER_PORT_6380_TCP_PROTO=tcp",
        "DOCKER_PORT_6381_TCP=tcp://172.0.17.2:6381",
        "DOCKER_PORT_6381_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6381_TCP_PORT=6381",
        "DOCKER_PORT_6381_TCP_PROTO=tcp",
    ]
