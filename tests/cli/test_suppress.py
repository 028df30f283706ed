"""Suppression comments: own line, end of line, file-ignore, noqa, unknown codes."""

from __future__ import annotations

from pathlib import Path

from delink.lint import Linter
from delink.settings import Settings


def _lines(root: Path, monkeypatch, codes=None) -> list[str]:
    monkeypatch.chdir(root)
    result = Linter(Settings(root=root), codes).lint(["."])
    out = []
    for d in result.diagnostics:
        row, col = result.files[d.path].position(d.span.start)
        out.append(f"{d.path}:{row}:{col}: {d.code} {d.message}")
    return out


def test_own_line_covers_next_statement(fake_rules, make_project, tmp_path, monkeypatch):
    make_project(
        {
            "run.sh": "# delink: ignore=DLK190\n"
            "\n"
            "oldlink\n"
            "oldlink\n"
            "# delink: ignore=test-old-link,DLK101\n"
            "# another comment\n"
            "oldlink PARSEFAIL\n"
        }
    )
    assert _lines(tmp_path, monkeypatch) == ["run.sh:4:1: DLK190 `oldlink` is a legacy link"]


def test_end_of_line_and_every_code(fake_rules, make_project, tmp_path, monkeypatch):
    make_project(
        {
            "run.sh": "oldlink  # delink: ignore=DLK190\n"
            "oldlink PARSEFAIL  # delink: ignore\n"
            "oldlink  // delink: ignore=DLK101\n"
            "oldlink  <!-- delink: ignore=DLK190-->\n"
            "oldlink  {# delink: ignore=DLK190 #}\n"
            "oldlink  /* delink: ignore=DLK190 */\n"
            "oldlink  -- delink: ignore=DLK190\n"
            "oldlink  ; delink: ignore=DLK190\n"
        }
    )
    assert _lines(tmp_path, monkeypatch) == ["run.sh:3:1: DLK190 `oldlink` is a legacy link"]


def test_file_ignore_in_leading_comments_only(fake_rules, make_project, tmp_path, monkeypatch):
    make_project(
        {
            "a.sh": "#!/bin/sh\n# header\n\n# delink: file-ignore=DLK190\noldlink\n",
            "b.sh": "oldlink\n# delink: file-ignore=DLK190\n",
        }
    )
    assert _lines(tmp_path, monkeypatch) == [
        "b.sh:1:1: DLK190 `oldlink` is a legacy link",
        "b.sh:2:1: DLK103 `delink: file-ignore` only works in the file's leading comments;"
        " this one has no effect",
    ]


def test_unknown_code_reported_at_its_characters(fake_rules, make_project, tmp_path, monkeypatch):
    make_project({"run.sh": "oldlink  # delink: ignore=DLK190, DLK999,olde-link\n"})
    assert _lines(tmp_path, monkeypatch) == [
        "run.sh:1:35: DLK103 unknown rule code `DLK999` in suppression comment",
        "run.sh:1:42: DLK103 unknown rule `olde-link` in suppression comment;"
        " did you mean `test-old-link`?",
    ]


def test_dlk103_not_reported_when_not_selected(fake_rules, make_project, tmp_path, monkeypatch):
    make_project({"run.sh": "oldlink  # delink: ignore=DLK999\n"})
    assert _lines(tmp_path, monkeypatch, ["DLK190"]) == [
        "run.sh:1:1: DLK190 `oldlink` is a legacy link"
    ]


def test_dlk103_is_not_suppressed_by_its_own_line(fake_rules, make_project, tmp_path, monkeypatch):
    make_project({"run.sh": "ls  # delink: ignore=DLK999,DLK103 link\n"})
    assert _lines(tmp_path, monkeypatch) == [
        "run.sh:1:22: DLK103 unknown rule code `DLK999` in suppression comment"
    ]


def test_noqa_in_python(fake_rules, make_project, tmp_path, monkeypatch):
    from conftest import FakeShellSource

    import delink.sources

    class FakePython(FakeShellSource):
        language = "python"

    monkeypatch.setitem(delink.sources._loaded, "python", FakePython())
    make_project(
        {
            "app.py": "x = 'oldlink'  # noqa: DLK190\n"
            "y = 'oldlink'  # noqa: E501, DLK999\n"
            "z = 'oldlink'  # noqa\n"
            "w = 'oldlink'  # NOQA:E501,DLK190\n",
            "run.sh": "oldlink  # noqa: DLK190\n",
        }
    )
    assert _lines(tmp_path, monkeypatch) == [
        "app.py:2:6: DLK190 `oldlink` is a legacy link",
        "app.py:2:30: DLK103 unknown rule code `DLK999` in suppression comment",
        "app.py:3:6: DLK190 `oldlink` is a legacy link",
        "run.sh:1:1: DLK190 `oldlink` is a legacy link",
    ]


def test_without_statements_the_next_code_line(make_project, tmp_path, monkeypatch, fake_rules):
    from conftest import FakeShellSource

    import delink.sources

    class NoStatements(FakeShellSource):
        def extract(self, src, ctx):  # type: ignore[no-untyped-def]
            facts = super().extract(src, ctx)
            facts.statements.clear()
            return facts

    monkeypatch.setitem(delink.sources._loaded, "shell", NoStatements())
    make_project({"run.sh": "# delink: ignore=DLK190\n\n# note\noldlink\noldlink\n"})
    assert _lines(tmp_path, monkeypatch) == ["run.sh:5:1: DLK190 `oldlink` is a legacy link"]


def test_per_file_ignores_from_settings(fake_rules, make_project, tmp_path, monkeypatch):
    make_project({"a/run.sh": "oldlink\n", "b/run.sh": "oldlink\n"})
    monkeypatch.chdir(tmp_path)
    settings = Settings(root=tmp_path, per_file_ignores={"a/*.sh": ["test-old-link"]})
    result = Linter(settings).lint(["."])
    assert [d.path for d in result.diagnostics] == ["b/run.sh"]
