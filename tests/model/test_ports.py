from __future__ import annotations

import pytest

from delink.model import (
    dockerfile_expose,
    image_ports,
    normalize_port,
    parse_expose,
    parse_publish,
    split_port,
)
from delink.model.ports import image_table_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5432", "5432/tcp"), ("53/UDP", "53/udp"), (" 80/tcp ", "80/tcp"), ("9/sctp", "9/sctp")],
)
def test_normalize_port(text: str, expected: str) -> None:
    assert normalize_port(text) == expected


@pytest.mark.parametrize("junk", ["", "http", "80/http", "65536", "-1", "80-81", "8o"])
def test_normalize_port_junk(junk: str) -> None:
    with pytest.raises(ValueError):
        normalize_port(junk)


def test_split_port() -> None:
    assert split_port("53/udp") == (53, "udp")
    assert split_port("80") == (80, "tcp")


def test_parse_expose() -> None:
    assert parse_expose("80") == ["80/tcp"]
    assert parse_expose("8000-8002/udp") == ["8000/udp", "8001/udp", "8002/udp"]
    assert parse_expose("9000/SCTP") == ["9000/sctp"]


@pytest.mark.parametrize("junk", ["", "a", "8002-8000", "127.0.0.1:80", "80/xyz", "1-"])
def test_parse_expose_junk(junk: str) -> None:
    with pytest.raises(ValueError):
        parse_expose(junk)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8080:80", ["80/tcp"]),
        ("127.0.0.1:8080:80/udp", ["80/udp"]),
        ("[::1]:6001:6001", ["6001/tcp"]),
        ("80", ["80/tcp"]),
        ("3000-3005", [f"{n}/tcp" for n in range(3000, 3006)]),
        ("9090-9091:8080-8081", ["8080/tcp", "8081/tcp"]),
        ("8000-9000:80", ["80/tcp"]),
        ("127.0.0.1::80", ["80/tcp"]),
        ("127.0.0.1:5000-5010:5000-5010", [f"{n}/tcp" for n in range(5000, 5011)]),
        ("6060:6060/udp", ["6060/udp"]),
        ("target=80,published=8080,protocol=udp", ["80/udp"]),
        ("published=8080,target=80", ["80/tcp"]),
    ],
)
def test_parse_publish(value: str, expected: list[str]) -> None:
    assert parse_publish(value) == expected


@pytest.mark.parametrize(
    "junk",
    ["", "a:b", "8080:", "9090-9092:8080-8081", "300.1.1.1:80:80", "80/http", "published=80"],
)
def test_parse_publish_junk(junk: str) -> None:
    with pytest.raises(ValueError):
        parse_publish(junk)


def test_dockerfile_expose() -> None:
    assert dockerfile_expose("5432 8000-8002 53/UDP") == [
        "5432/tcp",
        "8000/tcp",
        "8001/tcp",
        "8002/tcp",
        "53/udp",
    ]
    assert dockerfile_expose("") == []
    with pytest.raises(ValueError):
        dockerfile_expose("$PORT")
    with pytest.raises(ValueError):
        dockerfile_expose("80:80")


@pytest.mark.parametrize(
    ("image", "key"),
    [
        ("postgres", ("postgres", "")),
        ("postgres:15-alpine", ("postgres", "15-alpine")),
        ("docker.io/library/postgres:15", ("postgres", "15")),
        ("library/redis@sha256:abcd", ("redis", "")),
        ("redis:7@sha256:abcd", ("redis", "7")),
        ("localhost:5000/team/app:1.0", ("localhost:5000/team/app", "1.0")),
        ("quay.io/coreos/etcd:v3.5.0", ("quay.io/coreos/etcd", "v3.5.0")),
        ("Selenium/Hub", ("selenium/hub", "")),
    ],
)
def test_image_table_key(image: str, key: tuple[str, str]) -> None:
    assert image_table_key(image) == key


@pytest.mark.parametrize(
    ("image", "ports"),
    [
        ("postgres:15-alpine", ["5432/tcp"]),
        ("mysql:5.7", ["3306/tcp", "33060/tcp"]),
        ("mariadb", ["3306/tcp"]),
        ("redis", ["6379/tcp"]),
        ("mongo:4.4", ["27017/tcp"]),
        ("memcached", ["11211/tcp"]),
        ("elasticsearch:7.17.0", ["9200/tcp", "9300/tcp"]),
        ("nginx:alpine", ["80/tcp"]),
        ("httpd:2.4", ["80/tcp"]),
        ("selenium/hub", ["4444/tcp"]),
        ("wordpress", ["80/tcp"]),
        ("wordpress:6-fpm-alpine", ["9000/tcp"]),
        ("wordpress:cli", []),
        ("php:8.2-apache", ["80/tcp"]),
        ("php:8.2", []),
        ("mailhog/mailhog", ["1025/tcp", "8025/tcp"]),
        ("quay.io/coreos/etcd:v3.5.0", ["2379/tcp", "2380/tcp"]),
    ],
)
def test_image_ports(image: str, ports: list[str]) -> None:
    assert image_ports(image) == ports


def test_image_ports_rabbitmq() -> None:
    base = ["4369/tcp", "5671/tcp", "5672/tcp", "15691/tcp", "15692/tcp", "25672/tcp"]
    assert image_ports("rabbitmq:3") == base
    assert sorted(image_ports("rabbitmq:3-management") or []) == sorted(
        [*base, "15671/tcp", "15672/tcp"]
    )


def test_image_ports_unknown_and_extra() -> None:
    assert image_ports("acme/app:1") is None
    extra = {"acme/app": ["8080"], "docker.io/library/postgres": ["6543/TCP"]}
    assert image_ports("acme/app:1", extra) == ["8080/tcp"]
    assert image_ports("postgres:15", extra) == ["6543/tcp"]  # user entries win
    assert image_ports("redis", extra) == ["6379/tcp"]


def test_image_table_is_lazy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, delink.model\n"
        "from delink.model import ports\n"
        "assert ports._image_table.cache_info().currsize == 0\n"
        "assert 'json' not in sys.modules\n"
        "assert 'importlib.resources' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_image_table_entries_are_normalized() -> None:
    from delink.model.ports import _image_table

    for name, variants in _image_table().items():
        assert name == image_table_key(name)[0]
        for ports in variants.values():
            assert all(normalize_port(p) == p for p in ports)
