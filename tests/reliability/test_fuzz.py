"""Fuzzing every source in CI, for a bounded time (issue 12): hypothesis mutates each
source's real-looking seeds (the harness in ``fuzzing.py``) and every input must go
through check, the JSON schema, masking and ``fix --diff`` without a finding. The
examples are derandomized so that CI is reproducible; ``bench/fuzz.py`` explores at
random for as long as it is given."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.fuzzing import OPS, TARGETS, TOKENS, Mutation, check, mutate

MUTATIONS = st.builds(
    Mutation,
    op=st.sampled_from(OPS),
    at=st.floats(0, 1),
    length=st.floats(0, 1),
    token=st.sampled_from(TOKENS),
    count=st.integers(1, 20),
)


@pytest.mark.parametrize("language", sorted(TARGETS))
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 1000), mutations=st.lists(MUTATIONS, max_size=5))
def test_fuzz_source(language: str, seed: int, mutations: list[Mutation]) -> None:
    target = TARGETS[language]
    text = mutate(target, seed, mutations)
    assert check(target, text, time_limit=30) == []  # slowness: bench/fuzz.py
