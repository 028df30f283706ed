"""The facts of every fixture file survive the cache's serialisation unchanged.

Facts are encoded as JSON (:mod:`delink.factcodec`) for the cache and for worker
processes. The walk is generic, so a field or fact class added later is covered; this
test fails when one holds something that does not round-trip.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from delink import sources
from delink.factcodec import CorruptEntry, Unencodable, decode, decode_value, encode
from delink.facts import FileFacts
from delink.scan import extract_facts
from delink.settings import Settings
from delink.text import DecodeError, SourceText

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _same(a: Any, b: Any, pairs: dict[int, int], where: str) -> None:
    """``b`` is a copy of ``a``: equal values, and the same sharing of objects."""
    assert type(a) is type(b), where
    if dataclasses.is_dataclass(a):
        if id(a) in pairs:
            assert pairs[id(a)] == id(b), f"{where}: sharing differs"
            return
        pairs[id(a)] = id(b)
        assert vars(a).keys() == vars(b).keys(), where
        for name, value in vars(a).items():
            _same(value, getattr(b, name), pairs, f"{where}.{name}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, pairs, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], pairs, f"{where}[{key!r}]")
    else:
        assert a == b, where


def _fixture_facts() -> list[FileFacts]:
    settings = Settings()
    ctx = sources.Context(settings)
    out = []
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file()):
        data = path.read_bytes()
        language = sources.classify(str(path), data[:256])
        if language is None:
            continue
        try:
            src = SourceText.from_bytes(str(path), data)
        except DecodeError:
            continue
        facts = extract_facts(str(path), language, src, ctx)
        if facts is not None:
            out.append(facts)
    return out


def _has_parse_trees(facts: FileFacts) -> bool:
    """Whether a fix writer needs a parse tree of this file (an ``ast`` module, YAML
    nodes): the only facts the cache does not store."""
    return any(x.syntax is not None for x in [*facts.containers, *facts.links, *facts.compose])


def test_every_fixture_round_trips() -> None:
    encoded = kept = 0
    for facts in _fixture_facts():
        try:
            data = encode(facts)
        except Unencodable:
            assert _has_parse_trees(facts), facts.path
            kept += 1
            continue
        back = decode(json.loads(json.dumps(data)))
        if facts.syntax is not None and not (facts.containers or facts.links or facts.compose):
            # the file-level parse tree is dropped when no writer can ask for it
            facts = dataclasses.replace(facts, syntax=None)
        _same(facts, back, {}, facts.path)
        encoded += 1
    # most fixture files are stored, shell commands with their syntax handles included
    assert encoded > 60 and kept < encoded


def test_shell_syntax_and_shared_objects_round_trip(tmp_path: Path) -> None:
    script = tmp_path / "run.sh"
    script.write_text(
        'LINKS="--link db:db"\n'
        "docker run -d --name db postgres:16\n"
        "docker run $LINKS --name web app\n"
    )
    ctx = sources.Context(Settings())
    src = SourceText.from_bytes(str(script), script.read_bytes())
    facts = extract_facts(str(script), "shell", src, ctx)
    back = decode(json.loads(json.dumps(encode(facts))))
    _same(facts, back, {}, "facts")
    web = back.containers[1]
    assert web.links and web.links[0] is back.links[0]
    assert back.links[0].consumer is web
    assert type(web.syntax).__name__ == "CommandSyntax"


def test_lists_of_diagnostics_round_trip() -> None:
    from delink.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span

    span = Span("a.sh", 3, 9)
    diags = [
        Diagnostic(
            "DLK301",
            "legacy-link",
            Severity.WARNING,
            "msg",
            span,
            Fix(Applicability.UNSAFE, "why", (Edit("a.sh", 3, 9, "x"),)),
            [Related(span, "here")],
        )
    ]
    assert decode_value(json.loads(json.dumps(encode(diags)))) == diags


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"v": 1, "c": [["os:system", []]], "o": [], "r": None},
        {"v": 1, "c": [["delink.facts:FileFacts", ["path"]]], "o": [[0, ["x"]]], "r": {"@": 0}},
        {"v": 1, "c": [], "o": [], "r": {"@": 5}},
        {"v": 1, "c": [], "o": [], "r": {"x": 1}},
        {"v": 99, "c": [], "o": [], "r": None},
    ],
)
def test_corrupt_data_is_refused(data: dict[str, Any]) -> None:
    with pytest.raises(CorruptEntry):
        decode(data)
