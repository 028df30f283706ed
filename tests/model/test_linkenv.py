"""link_env beyond moby's tests: the quirks of spec 1.5b (exact lists, in emission order),
the new algorithm's run rules (1.5a), child env (1.6), prefixes (1.1) and the engine-lab
observation."""

from __future__ import annotations

from collections import Counter

import pytest

from delink.model import default_port, env_prefix, go_upper, link_env, sort_ports

IP = "172.17.0.9"
OLD = "20.10.24"
NEW = "28.0.0"


def per_port(prefix: str, num: int, proto: str) -> list[str]:
    key = f"{prefix}_PORT_{num}_{proto.upper()}"
    return [
        f"{key}={proto}://{IP}:{num}",
        f"{key}_ADDR={IP}",
        f"{key}_PORT={num}",
        f"{key}_PROTO={proto}",
    ]


def test_old_quirk_range_across_protocols() -> None:
    # {6300/udp, 6379-6381/tcp, 6382/udp}: one protocol-blind run 6379..6382, the _END
    # keyed on the end port's protocol; the default port is the lowest number (udp).
    ports = ["6300/udp", "6379/tcp", "6380/tcp", "6381/tcp", "6382/udp"]
    assert link_env("/web/docker", IP, ports, None, OLD) == [
        f"DOCKER_PORT=udp://{IP}:6300",
        f"DOCKER_PORT_6379_TCP_START=tcp://{IP}:6379",
        f"DOCKER_PORT_6379_TCP_ADDR={IP}",
        "DOCKER_PORT_6379_TCP_PROTO=tcp",
        "DOCKER_PORT_6379_TCP_PORT_START=6379",
        f"DOCKER_PORT_6379_UDP_END=udp://{IP}:6382",
        "DOCKER_PORT_6379_UDP_PORT_END=6382",
        *per_port("DOCKER", 6300, "udp"),
        *per_port("DOCKER", 6379, "tcp"),
        *per_port("DOCKER", 6380, "tcp"),
        *per_port("DOCKER", 6381, "tcp"),
        *per_port("DOCKER", 6382, "udp"),
        "DOCKER_NAME=/web/docker",
    ]


def test_old_quirk_same_number_advances_the_counter() -> None:
    ports = ["80/udp", "81/udp", "80/tcp"]
    assert link_env("/web/x", IP, ports, None, OLD) == [
        f"X_PORT=tcp://{IP}:80",
        f"X_PORT_80_TCP_START=tcp://{IP}:80",
        f"X_PORT_80_TCP_ADDR={IP}",
        "X_PORT_80_TCP_PROTO=tcp",
        "X_PORT_80_TCP_PORT_START=80",
        f"X_PORT_80_UDP_END=udp://{IP}:81",
        "X_PORT_80_UDP_PORT_END=81",
        *per_port("X", 80, "tcp"),
        *per_port("X", 80, "udp"),
        *per_port("X", 81, "udp"),
        "X_NAME=/web/x",
    ]


def test_old_quirk_false_range_over_a_gap() -> None:
    ports = ["80/tcp", "80/udp", "82/tcp"]
    assert link_env("/web/x", IP, ports, None, OLD) == [
        f"X_PORT=tcp://{IP}:80",
        f"X_PORT_80_TCP_START=tcp://{IP}:80",
        f"X_PORT_80_TCP_ADDR={IP}",
        "X_PORT_80_TCP_PROTO=tcp",
        "X_PORT_80_TCP_PORT_START=80",
        f"X_PORT_80_TCP_END=tcp://{IP}:82",
        "X_PORT_80_TCP_PORT_END=82",
        *per_port("X", 80, "tcp"),
        *per_port("X", 80, "udp"),
        *per_port("X", 82, "tcp"),
        "X_NAME=/web/x",
    ]


def test_new_same_ports_no_false_range() -> None:
    ports = ["80/tcp", "80/udp", "82/tcp"]
    assert link_env("/web/x", IP, ports, None, NEW) == [
        f"X_PORT=tcp://{IP}:80",
        *per_port("X", 80, "tcp"),
        *per_port("X", 82, "tcp"),
        *per_port("X", 80, "udp"),
        "X_NAME=/web/x",
    ]


def test_new_quirk_ports_run_within_udp() -> None:
    ports = ["80/udp", "81/udp", "80/tcp"]
    assert link_env("/web/x", IP, ports, None, NEW) == [
        f"X_PORT=tcp://{IP}:80",
        *per_port("X", 80, "tcp"),
        *per_port("X", 80, "udp"),
        *per_port("X", 81, "udp"),
        f"X_PORT_80_UDP_START=udp://{IP}:80",
        "X_PORT_80_UDP_PORT_START=80",
        f"X_PORT_80_UDP_END=udp://{IP}:81",
        "X_PORT_80_UDP_PORT_END=81",
        "X_NAME=/web/x",
    ]


def test_two_ports_are_a_range_only_in_the_new_algorithm() -> None:
    old = link_env("/web/x", IP, ["80", "81"], None, OLD)
    new = link_env("/web/x", IP, ["80", "81"], None, NEW)
    assert not [e for e in old if "_START" in e or "_END" in e]
    assert new[-5:] == [
        f"X_PORT_80_TCP_START=tcp://{IP}:80",
        "X_PORT_80_TCP_PORT_START=80",
        f"X_PORT_80_TCP_END=tcp://{IP}:81",
        "X_PORT_80_TCP_PORT_END=81",
        "X_NAME=/web/x",
    ]


def test_new_range_block_follows_the_breaking_port() -> None:
    # 80,81 then 90,91: the first block comes after 90's own vars, the second after 91's.
    env = link_env("/web/x", IP, ["91", "80", "90", "81"], None, NEW)
    assert env == [
        f"X_PORT=tcp://{IP}:80",
        *per_port("X", 80, "tcp"),
        *per_port("X", 81, "tcp"),
        *per_port("X", 90, "tcp"),
        f"X_PORT_80_TCP_START=tcp://{IP}:80",
        "X_PORT_80_TCP_PORT_START=80",
        f"X_PORT_80_TCP_END=tcp://{IP}:81",
        "X_PORT_80_TCP_PORT_END=81",
        *per_port("X", 91, "tcp"),
        f"X_PORT_90_TCP_START=tcp://{IP}:90",
        "X_PORT_90_TCP_PORT_START=90",
        f"X_PORT_90_TCP_END=tcp://{IP}:91",
        "X_PORT_90_TCP_PORT_END=91",
        "X_NAME=/web/x",
    ]


def test_old_two_runs_of_three() -> None:
    env = link_env("/web/x", IP, ["80", "81", "82", "90", "91", "92"], None, OLD)
    starts = [e for e in env if e.split("=")[0].endswith("_START")]
    assert starts == [
        f"X_PORT_80_TCP_START=tcp://{IP}:80",
        "X_PORT_80_TCP_PORT_START=80",
        f"X_PORT_90_TCP_START=tcp://{IP}:90",
        "X_PORT_90_TCP_PORT_START=90",
    ]


@pytest.mark.parametrize(
    ("ports", "old", "new"),
    [
        (["53/udp", "8080/tcp"], "53/udp", "8080/tcp"),
        (["53/udp", "9000/sctp"], "53/udp", "9000/sctp"),
        (["9000/sctp", "9000/udp"], "9000/sctp", "9000/sctp"),
        (["80/udp", "80/tcp"], "80/tcp", "80/tcp"),
        ([], None, None),
    ],
)
def test_default_port(ports: list[str], old: str | None, new: str | None) -> None:
    assert default_port(ports, OLD) == old
    assert default_port(ports, NEW) == new


def test_old_sort_interleaves_protocols() -> None:
    assert sort_ports(["81/udp", "80/udp", "80/tcp", "79/sctp"], OLD) == [
        "79/sctp",
        "80/tcp",
        "80/udp",
        "81/udp",
    ]


def test_ports_are_a_set_and_normalized() -> None:
    a = link_env("/p/db", IP, ["5432", "5432/tcp", "5432/TCP"], None, NEW)
    b = link_env("/p/db", IP, ["5432/tcp"], None, NEW)
    assert a == b


def test_no_ports_gives_only_name_and_env() -> None:
    assert link_env("/web/db", IP, [], ["A=1"], NEW) == ["DB_NAME=/web/db", "DB_ENV_A=1"]


def test_child_env_rules() -> None:
    env = ["e1=", "e2", "e3=v3=v3", "HOME=/root", "PATH=/bin", "home=x", "e1=again", "=empty"]
    assert link_env("/web/first", IP, [], env, NEW) == [
        "FIRST_NAME=/web/first",
        "FIRST_ENV_e1=",
        "FIRST_ENV_e3=v3=v3",
        "FIRST_ENV_home=x",
        "FIRST_ENV_e1=again",
        "FIRST_ENV_=empty",
    ]


@pytest.mark.parametrize(
    ("alias", "prefix"),
    [
        ("/web/db", "DB"),
        ("db", "DB"),
        ("/db/docker-1", "DOCKER_1"),
        ("my.db", "MY.DB"),
        ("web-db", "WEB_DB"),
        ("Web_Db", "WEB_DB"),
        ("a b", "A B"),
        ("straße", "STRAßE"),  # Go keeps ß (no simple upper case)
        ("ﬁle", "ﬁLE"),
        ("ᾀ", "ᾈ"),  # simple upper case = title case here
        ("ıd", "ID"),
        ("ſ", "S"),
        ("éa", "ÉA"),
        ("/web/a/b", "B"),
    ],
)
def test_env_prefix(alias: str, prefix: str) -> None:
    assert env_prefix(alias) == prefix


def test_go_upper_ascii_fast_path() -> None:
    assert go_upper("abc-1.x") == "ABC-1.X"


def test_engine_lab_observation() -> None:
    # engine-lab.md: Engine 20.10, child from an image with ENV POSTGRES_PASSWORD=secret
    # HOME=/root, EXPOSE 5432 8000-8002 53/udp, run with -e EXTRA=1; parent --link db:webdb.
    ip = "172.17.0.2"
    child_env = ["EXTRA=1", "PATH=/bin", "POSTGRES_PASSWORD=secret", "HOME=/root"]
    ports = ["5432/tcp", "8000/tcp", "8001/tcp", "8002/tcp", "53/udp"]
    env = link_env("/web/webdb", ip, ports, child_env, "20.10.24+dfsg1")
    keys = Counter(e.split("=", 1)[0] for e in env)
    assert "WEBDB_PORT=udp://172.17.0.2:53" in env
    for suffix in ("START", "PORT_START", "END", "PORT_END"):
        assert keys[f"WEBDB_PORT_8000_TCP_{suffix}"] == 1
    for p in ("5432_TCP", "8000_TCP", "8001_TCP", "8002_TCP", "53_UDP"):
        for suffix in ("", "_ADDR", "_PORT", "_PROTO"):
            assert keys[f"WEBDB_PORT_{p}{suffix}"] >= 1
    assert "WEBDB_NAME=/web/webdb" in env
    assert "WEBDB_ENV_POSTGRES_PASSWORD=secret" in env
    assert "WEBDB_ENV_EXTRA=1" in env
    assert not [k for k in keys if k in ("WEBDB_ENV_HOME", "WEBDB_ENV_PATH")]
    assert "WEBDB_PORT_8000_TCP_END=tcp://172.17.0.2:8002" in env


def test_dedupe_env_keeps_the_last_value() -> None:
    from delink.model import dedupe_env

    entries = ["A=1", "B=2", "A=3", "C=", "B=2"]
    assert dedupe_env(entries) == ["A=3", "C=", "B=2"]
    old = link_env("/web/db", IP, ["80", "81", "82"], ["X=1", "X=2"], OLD)
    seen = dedupe_env(old)
    assert len(seen) == len(old) - 3  # _ADDR and _PROTO of 80, one X
    assert "DB_ENV_X=2" in seen and "DB_ENV_X=1" not in seen
