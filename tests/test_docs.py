"""Documents that must agree with the code: docs/rules.md, and the README's test
command that .ci/run runs."""

from __future__ import annotations

import re
from pathlib import Path

from delink.rule import rules_markdown
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parent.parent


def test_rules_doc_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text() == rules_markdown(), (
        "regenerate with: python -m delink.rule > docs/rules.md"
    )


def _fenced_commands(text: str) -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = _fenced_commands(readme)
    setup = blocks[:2]
    assert "delink check fixtures/" in setup[0]
    assert "pytest" in setup[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert setup[1] in ci.splitlines()


def test_readme_example_fixture_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    first = _fenced_commands(readme)[0]
    path = first.rsplit(" ", 1)[-1]
    assert (ROOT / path).is_dir()


def test_readme_text_output_is_real(run_cli: RunCli) -> None:
    """The README's sample of text output is what `delink check` prints for the bundled
    example, finding for finding."""
    readme = (ROOT / "README.md").read_text()
    head = "other end of the link (`delink check` in `fixtures/legacy-shell-app`):\n\n```\n"
    start = readme.index(head) + len(head)
    sample = readme[start : readme.index("```\n", start)]
    code, out, _ = run_cli(["check", "--no-cache", "."], cwd=ROOT / "fixtures/legacy-shell-app")
    assert code == 1
    assert sample.rstrip("\n") in out.split("\n\n")
