"""The README's sample output of ``delink explain`` and ``delink report`` is what they print
today (``delink inspect``'s sample needs a live daemon: ``tests/engine/test_inspect_engine.py``
re-runs it)."""

from __future__ import annotations

import re
import shlex

import pytest

from .golden import ROOT

_SAMPLE = re.compile(r"```\n\$ (delink (?:explain|report) [^\n]*)\n(.*?)```", re.S)
SAMPLES = _SAMPLE.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_has_samples() -> None:
    assert [cmd.split()[1] for cmd, _ in SAMPLES] == ["explain", "report"]


@pytest.mark.parametrize(("command", "output"), SAMPLES, ids=[c for c, _ in SAMPLES])
def test_readme_sample_is_real_output(run_cli, command: str, output: str) -> None:
    code, out, err = run_cli(shlex.split(command)[1:], cwd=ROOT)
    assert (code, err) == (0, "")
    assert out == output
