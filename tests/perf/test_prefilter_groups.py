"""``positional_links`` searches needle groups by a shared piece first: the answer is
the plain definition's (any SDK name, or any docker word and a long enough call)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from delink import prefilter
from delink.prefilter import _DOCKER_WORDS, _SDK_POSITIONAL_NAMES, _long_call, positional_links


def _plain(data: bytes) -> bool:
    if any(n in data for n in _SDK_POSITIONAL_NAMES):
        return True
    if not any(w in data for w in _DOCKER_WORDS):
        return False
    return _long_call(data, b".start(", 5) or _long_call(data, b".connect(", 4)


def test_the_groups_hold_every_needle() -> None:
    assert {*prefilter._CONFIG_NAMES, prefilter._CONNECT_NAME} == set(_SDK_POSITIONAL_NAMES)
    assert {b"docker", b"Docker", b"DOCKER", *prefilter._CONTAINER_WORDS} == set(_DOCKER_WORDS)


PIECES = [
    *_SDK_POSITIONAL_NAMES,
    *_DOCKER_WORDS,
    # near misses: the shared pieces without a needle around them
    b"config",
    b"Config",
    b"Locker",
    b"mocker",
    b"container",
    b"Container",
    b"connect_container",
    b"DOCKE",
    b"c.start(a, b, c, d, e, f)",
    b"n.connect(a, b, c, d, e)",
    b"c.start(a, b)",
    b"\n",
    b" x = 1 ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=6))
def test_same_answer_as_the_plain_definition(pieces: list[bytes]) -> None:
    data = b" ".join(pieces)
    assert positional_links(data) == _plain(data)


def test_examples() -> None:
    assert positional_links(b"cli.create_host_config(binds, ports, None, False, links)")
    assert positional_links(b"import docker\nc.start(x, b, p, l, pa, links)\n")
    assert not positional_links(b"import docker\nc.start(x)\n")
    assert not positional_links(b"config = Locker().container\nc.start(a, b, c, d, e, f)\n")
    assert positional_links(b"c.containers.run()\nc.start(a, b, c, d, e, f)\n")
