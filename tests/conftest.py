"""Shared test helpers.

Fixtures:

* ``make_project(files, root=None) -> Path``: write ``{relative path: str | bytes}``
  under ``tmp_path`` (or ``root``); ``str`` is written as UTF-8 with no newline
  translation. Returns the root.
* ``run_cli(args, cwd=None) -> (exit code, stdout, stderr)``: run ``delink`` in this
  process (``cwd`` defaults to the current directory; it is restored afterwards).
* ``_cache_dir`` (automatic): ``DELINK_CACHE_DIR`` is a fresh directory per test.
* ``fake_rules``: registers a fake ``shell`` source and the test rule ``DLK190``
  (see :class:`FakeRule`) for tests of the machinery (fixer, suppressions, reporters)
  that must not depend on the real sources and rules.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings

from delink.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span
from delink.facts import FileFacts, Problem, Statement
from delink.rule import Example, Rule

# Property tests never time themselves: the suite runs on loaded 2-core machines, where a
# deadline or Hypothesis's too-slow check fails a correct test (speed is bench/'s job).
settings.register_profile("delink", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("delink")

MakeProject = Callable[..., Path]
RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's ``delink`` runs share a cache of their own, outside the project they
    check (tests/core/test_cache.py tests the default place)."""
    monkeypatch.setenv("DELINK_CACHE_DIR", str(tmp_path_factory.mktemp("delink-cache")))


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    def make(files: dict[str, str | bytes], root: Path | None = None) -> Path:
        base = root if root is not None else tmp_path
        for rel, content in files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_bytes(content.encode("utf-8"))
        return base

    return make


def _run(args: list[str], cwd: Path | str | None = None) -> tuple[int, str, str]:
    from delink.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def run_cli() -> RunCli:
    return _run


# -- a fake source and a test rule ------------------------------------------------------

_COMMENT = re.compile(r"^\s*(#|$)")


class FakeShellSource:
    """Statements: every non-blank, non-comment line. ``PARSEFAIL`` becomes a DLK101
    problem at that word. ``validate`` fails when the fixed text gains ``BROKEN``."""

    language = "shell"

    def extract(self, src: object, ctx: object) -> FileFacts:
        from delink.text import SourceText

        assert isinstance(src, SourceText)
        facts = FileFacts(src.path, self.language)
        for row in range(1, len(src.line_starts) + 1):
            line = src.line_text(row)
            if _COMMENT.match(line):
                continue
            start = src.line_starts[row - 1]
            facts.statements.append(Statement(start, start + len(line)))
        for m in re.finditer("PARSEFAIL", src.text):
            facts.problems.append(
                Problem(Span(src.path, m.start(), m.end()), "could not parse this command")
            )
        if "CRASHME" in src.text:
            raise RuntimeError("boom")
        return facts

    def validate(self, before: object, after: object) -> str | None:
        from delink.text import SourceText

        assert isinstance(before, SourceText) and isinstance(after, SourceText)
        if "BROKEN" in after.text and "BROKEN" not in before.text:
            row, col = after.position(after.text.index("BROKEN"))
            return f"unterminated quote at {row}:{col}"
        return None


class FakeRule(Rule):
    """``oldlink`` → ``newnet`` (safe), ``unsafelink`` → ``newnet`` (unsafe),
    ``showlink`` (display-only), ``breaklink`` → ``BROKEN`` (safe, does not validate),
    ``duolink`` → ``duo`` plus ``# duo`` prepended to ``b.sh`` (a two-file fix),
    ``seclink`` (a message that holds a secret), ``twicelink`` (two diagnostics, one
    identical fix), ``pinglink`` ↔ ``ponglink`` (fixes that never settle)."""

    code = "DLK190"
    name = "test-old-link"
    severity = Severity.WARNING
    summary = "A test rule."
    what = why = example = instead = "Test only."
    fix_safety = "Safe for `oldlink`."
    examples: tuple[Example, ...] = ()

    WORDS: ClassVar[dict[str, tuple[str, Applicability]]] = {
        "oldlink": ("newnet", Applicability.SAFE),
        "unsafelink": ("newnet", Applicability.UNSAFE),
        "showlink": ("shown", Applicability.DISPLAY_ONLY),
        "breaklink": ("BROKEN", Applicability.SAFE),
        "duolink": ("duo", Applicability.SAFE),
        "twicelink": ("twice", Applicability.SAFE),
        "pinglink": ("ponglink", Applicability.SAFE),
        "ponglink": ("pinglink", Applicability.SAFE),
    }

    def check(self, project: object) -> Iterator[Diagnostic]:
        texts = project.texts  # type: ignore[attr-defined]
        for path in sorted(texts):
            src = texts[path]
            for m in re.finditer(r"\b(" + "|".join(self.WORDS) + r")\b", src.text):
                word = m.group(1)
                span = Span(path, m.start(), m.end())
                content, applicability = self.WORDS[word]
                edits = [Edit.replace(span, content)]
                if word == "duolink" and "b.sh" in texts:
                    edits.append(Edit.insert("b.sh", 0, "# duo\n"))
                fix = Fix(applicability, f"replace `{word}` with `{content}`", tuple(edits))
                related = []
                if word == "oldlink":
                    related.append(Related(Span(path, 0, 0), "the file starts here"))
                yield self.diagnostic(span, f"`{word}` is a legacy link", fix, related)
                if word == "twicelink":  # a second diagnostic with the identical fix
                    yield self.diagnostic(span, f"`{word}` again", fix)
            for m in re.finditer(r"seclink", src.text):
                yield self.diagnostic(
                    Span(path, m.start(), m.end()), "seclink with -e DB_PASSWORD=hunter2"
                )


@pytest.fixture
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> type[Rule]:
    import delink.prefilter
    import delink.rule
    import delink.sources

    rules = dict(delink.rule.all_rules())
    rules[FakeRule.code] = FakeRule
    monkeypatch.setattr(delink.rule, "_RULES", dict(sorted(rules.items())))
    monkeypatch.setitem(delink.sources._loaded, "shell", FakeShellSource())
    # The fake words (oldlink, …) are not link syntax: let every file past the prefilter.
    monkeypatch.setattr(delink.prefilter, "triage", lambda data, language: None)
    return FakeRule
