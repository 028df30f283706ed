"""The Python source never fails on broken or odd input: truncated and mutated fixture
files, odd encodings of strings; every span stays inside the text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import facts

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
SOURCES = sorted(
    p.read_text("utf-8")
    for p in [*ROOT.glob("realworld/sdk-*/**/*.py"), *ROOT.glob("sdk-*/**/*.py")]
)


def _check(text: str) -> None:
    got = facts(text)
    assert not [p for p in got.problems if "completely" in p.message], got.problems
    spans = [x.span for x in got.links] + [x.span for x in got.reads]
    spans += [x.span for x in got.containers] + [x.span for x in got.removals]
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(SOURCES), cut=st.floats(0, 1))
def test_truncated(source: str, cut: float) -> None:
    _check(source[: int(len(source) * cut)])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.sampled_from(SOURCES),
    at=st.floats(0, 1),
    junk=st.text(alphabet="'\"{}()[]\\,:=#\n\tfrbé$%", max_size=6),
)
def test_mutated(source: str, at: float, junk: str) -> None:
    k = int(len(source) * at)
    _check(source[:k] + junk + source[k:])
