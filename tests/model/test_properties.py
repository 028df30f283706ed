"""Property tests (hypothesis) for the parsers and the env-var grammar."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from delink.model import (
    UNAMBIGUOUS_LINK_VAR_RE,
    UNAMBIGUOUS_LINK_VAR_RE_BYTES,
    LinkSpecError,
    LinkVar,
    alias_regex,
    env_prefix,
    is_possible_prefix,
    is_unambiguous_link_var,
    link_env,
    link_name,
    link_var_candidates,
    parse_expose,
    parse_link,
    parse_link_var,
    parse_publish,
)

ENGINES = st.sampled_from(["1.13.1", "20.10.24", "27.5.1", "28.0.0", "29.0.0"])
PORTS = st.lists(
    st.builds(
        lambda n, p: f"{n}/{p}",
        st.one_of(st.integers(0, 65535), st.integers(79, 90), st.integers(6370, 6385)),
        st.sampled_from(["tcp", "tcp", "udp", "sctp"]),
    ),
    max_size=12,
)
ENV_NAMES = st.text(
    st.characters(exclude_characters="=\x00", exclude_categories=["Cs"]), max_size=12
)
CHILD_ENV = st.lists(
    st.one_of(
        st.builds(lambda k, v: f"{k}={v}", ENV_NAMES, st.text(max_size=8)),
        ENV_NAMES,  # bare names: skipped
        st.sampled_from(["HOME=/root", "PATH=/bin"]),
    ),
    max_size=6,
)
# Aliases as users write them, plus arbitrary non-ASCII letters; no "=" (not an env
# name then), no "/" or ":" (never part of the last path element of a link name).
ALIASES = st.text(
    st.one_of(
        st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."),
        st.characters(
            exclude_characters="=/:\x00", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]
        ),
    ),
    min_size=1,
    max_size=12,
)
SIMPLE_ALIASES = st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True)


@given(st.text())
def test_parse_link_raises_only_link_spec_errors(value: str) -> None:
    try:
        spec = parse_link(value)
    except LinkSpecError as err:
        assert str(err) in ("empty string specified for links", f"bad format for links: {value}")
    else:
        assert value.count(":") <= 1
        assert spec.name in value and spec.alias in value


@given(st.text())
def test_env_prefix_is_idempotent(alias: str) -> None:
    prefix = env_prefix(alias)
    assert env_prefix(prefix) == prefix
    assert "-" not in prefix and "/" not in prefix


def expected_var(key: str, prefix: str) -> LinkVar:
    rest = key[len(prefix) :]
    if rest == "_PORT":
        return LinkVar(key, prefix, "port-url")
    if rest == "_NAME":
        return LinkVar(key, prefix, "name")
    if rest.startswith("_ENV_"):
        return LinkVar(key, prefix, "env", env_name=rest[5:])
    m = re.fullmatch(r"_PORT_([0-9]+)_(TCP|UDP|SCTP)(?:_(.*))?", rest)
    assert m, key
    shapes = {
        None: "port",
        "ADDR": "addr",
        "PORT": "port-number",
        "PROTO": "proto",
        "START": "start",
        "PORT_START": "port-start",
        "END": "end",
        "PORT_END": "port-end",
    }
    field = m.group(3)
    return LinkVar(key, prefix, shapes[field], int(m.group(1)), m.group(2).lower(), field)


@settings(max_examples=300)
@given(ALIASES, PORTS, CHILD_ENV, ENGINES)
def test_every_emitted_name_parses_back(
    alias: str, ports: list[str], child_env: list[str], engine: str
) -> None:
    name = link_name("/parent", alias)
    prefix = env_prefix(name)
    if not alias or not is_possible_prefix(prefix):
        return  # "." / ".." aliases resolve to another path element
    for entry in link_env(name, "172.17.0.2", ports, child_env, engine):
        key = entry.split("=", 1)[0]
        expected = expected_var(key, prefix)
        candidates = link_var_candidates(key)
        assert expected in candidates
        chosen = parse_link_var(key)
        assert chosen == candidates[0]
        assert len(chosen.prefix) <= len(prefix)
        if not expected.ambiguous and is_unambiguous_link_var(key):
            assert UNAMBIGUOUS_LINK_VAR_RE.search(key)
            assert UNAMBIGUOUS_LINK_VAR_RE_BYTES.search(key.encode("utf-8"))


@settings(max_examples=200)
@given(SIMPLE_ALIASES, PORTS, CHILD_ENV, ENGINES)
def test_simple_aliases_parse_back_exactly(
    alias: str, ports: list[str], child_env: list[str], engine: str
) -> None:
    prefix = env_prefix(alias)
    for entry in link_env(f"/web/{alias}", "10.0.0.1", ports, child_env, engine):
        key = entry.split("=", 1)[0]
        assert parse_link_var(key) == expected_var(key, prefix)
        assert re.fullmatch(alias_regex(prefix), alias)


@given(st.text(max_size=40))
def test_prefilter_never_misses(name: str) -> None:
    if is_unambiguous_link_var(name):
        assert UNAMBIGUOUS_LINK_VAR_RE.search(name)


@given(ALIASES)
def test_alias_regex_matches_its_alias(alias: str) -> None:
    prefix = env_prefix(alias)
    if is_possible_prefix(prefix):
        assert re.fullmatch(alias_regex(prefix), alias)


@settings(max_examples=200)
@given(PORTS, CHILD_ENV)
def test_old_and_new_agree_but_for_default_and_ranges(
    ports: list[str], child_env: list[str]
) -> None:
    range_suffixes = ("_START", "_END")

    def core(engine: str) -> Counter[str]:
        env = link_env("/web/db", "1.2.3.4", ports, child_env, engine)
        keep = [e for e in env if not e.split("=")[0].endswith(range_suffixes)]
        return Counter(e for e in keep if not e.startswith("DB_PORT="))

    old = core("20.10")
    new = core("28.0")
    # the old algorithm repeats _ADDR/_PROTO of each range start, nothing else
    extra = old - new
    assert not (new - old)
    assert all(e.split("=")[0].endswith(("_ADDR", "_PROTO")) for e in extra)


@settings(max_examples=100)
@given(PORTS)
def test_new_algorithm_emits_no_duplicate_port_vars(ports: list[str]) -> None:
    keys = [e.split("=")[0] for e in link_env("/web/db", "1.2.3.4", ports, None, "29.0")]
    assert len(keys) == len(set(keys))


@given(st.text(max_size=30))
def test_port_parsers_raise_only_value_error(value: str) -> None:
    for parse in (parse_expose, parse_publish):
        try:
            ports = parse(value)
        except ValueError:
            continue
        for p in ports:
            assert re.fullmatch(r"[0-9]+/(tcp|udp|sctp)", p)
