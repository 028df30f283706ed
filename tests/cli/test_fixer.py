"""delink fix: fixpoint, validation, atomic writes that keep encoding, mode, endings."""

from __future__ import annotations

import codecs
import json
import os
import stat

from hypothesis import given
from hypothesis import strategies as st

from delink.diagnostics import Edit, apply_edits
from delink.fixer import run_fix, write_changes
from delink.settings import Settings


def test_fix_writes_and_second_fix_is_a_noop(fake_rules, make_project, run_cli, tmp_path):
    make_project({"run.sh": "echo oldlink\noldlink unsafelink showlink\n"})
    code, out, err = run_cli(["fix"], cwd=tmp_path)
    assert (tmp_path / "run.sh").read_text() == "echo newnet\nnewnet unsafelink showlink\n"
    assert code == 1  # unsafe and display-only remain
    assert "Fixed 2 problems in 1 file." in out
    assert "Found 2 problems: 2 warnings.\n1 fixable with `delink fix --unsafe-fixes`." in out
    assert err == ""
    code, out, _ = run_cli(["fix"], cwd=tmp_path)
    assert "Fixed" not in out
    assert (tmp_path / "run.sh").read_text() == "echo newnet\nnewnet unsafelink showlink\n"


def test_unsafe_fixes_need_the_flag(fake_rules, make_project, run_cli, tmp_path):
    make_project({"run.sh": "unsafelink showlink\n"})
    code, out, _ = run_cli(["fix", "--unsafe-fixes"], cwd=tmp_path)
    assert (tmp_path / "run.sh").read_text() == "newnet showlink\n"
    assert code == 1 and "Fixed 1 problem in 1 file." in out


def test_clean_after_fix_exits_zero(fake_rules, make_project, run_cli, tmp_path):
    make_project({"run.sh": "oldlink\n"})
    code, out, _ = run_cli(["fix"], cwd=tmp_path)
    assert code == 0
    assert out == "Fixed 1 problem in 1 file.\nAll checks passed!\n"


def test_keeps_mode_bom_and_crlf(fake_rules, make_project, run_cli, tmp_path):
    make_project(
        {
            "crlf.sh": b"echo a\r\noldlink\r\n",
            "bom.sh": codecs.BOM_UTF8 + "oldlink é\n".encode(),
            "utf16.sh": codecs.BOM_UTF16_LE + "oldlink\n".encode("utf-16-le"),
        }
    )
    os.chmod(tmp_path / "crlf.sh", 0o751)
    code, _, _ = run_cli(["fix"], cwd=tmp_path)
    assert code == 0
    assert (tmp_path / "crlf.sh").read_bytes() == b"echo a\r\nnewnet\r\n"
    assert stat.S_IMODE(os.stat(tmp_path / "crlf.sh").st_mode) == 0o751
    assert (tmp_path / "bom.sh").read_bytes() == codecs.BOM_UTF8 + "newnet é\n".encode()
    assert (tmp_path / "utf16.sh").read_bytes() == codecs.BOM_UTF16_LE + "newnet\n".encode(
        "utf-16-le"
    )
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".delink-tmp")]


def test_symlink_target_is_written_and_link_kept(fake_rules, make_project, run_cli, tmp_path):
    make_project({"real/run.sh": "oldlink\n"})
    os.symlink("real/run.sh", tmp_path / "link.sh")
    run_cli(["fix", "link.sh"], cwd=tmp_path)
    assert os.path.islink(tmp_path / "link.sh")
    assert (tmp_path / "real" / "run.sh").read_text() == "newnet\n"


def test_fix_that_breaks_syntax_is_not_applied(fake_rules, make_project, run_cli, tmp_path):
    make_project({"run.sh": "echo x\nbreaklink oldlink\n"})
    code, out, _ = run_cli(["fix"], cwd=tmp_path)
    # the good fix is applied, the bad one is not
    assert (tmp_path / "run.sh").read_text() == "echo x\nbreaklink newnet\n"
    assert code == 1
    assert (
        "run.sh:2:1: DLK104 the fix for DLK190 would break run.sh (unterminated quote at 2:1);"
        " not applied" in out
    )
    assert "run.sh:2:1: DLK190 [*] `breaklink` is a legacy link" in out


def test_only_bad_fix_leaves_file_untouched(fake_rules, make_project, run_cli, tmp_path):
    make_project({"run.sh": "breaklink\n"})
    before = os.stat(tmp_path / "run.sh").st_mtime_ns
    code, out, _ = run_cli(["fix", "--format", "json"], cwd=tmp_path)
    assert (tmp_path / "run.sh").read_text() == "breaklink\n"
    assert os.stat(tmp_path / "run.sh").st_mtime_ns == before
    assert code == 1
    data = json.loads(out)
    assert [d["code"] for d in data] == ["DLK104", "DLK190"]
    assert data[0]["severity"] == "error"


def test_diff_writes_nothing(fake_rules, make_project, run_cli, tmp_path):
    make_project({"run.sh": "echo a\noldlink\n", "b.sh": "duolink"})
    code, out, err = run_cli(["fix", "--diff"], cwd=tmp_path)
    assert (tmp_path / "run.sh").read_text() == "echo a\noldlink\n"
    assert code == 1
    assert out == (
        "--- a/b.sh\n"
        "+++ b/b.sh\n"
        "@@ -1 +1,2 @@\n"
        "-duolink\n"
        "\\ No newline at end of file\n"
        "+# duo\n"
        "+duo\n"
        "\\ No newline at end of file\n"
        "--- a/run.sh\n"
        "+++ b/run.sh\n"
        "@@ -1,2 +1,2 @@\n"
        " echo a\n"
        "-oldlink\n"
        "+newnet\n"
    )
    assert err == "Would fix 2 problems in 2 files.\n"


def test_multi_file_fix(fake_rules, make_project, run_cli, tmp_path):
    make_project({"a.sh": "duolink\n", "b.sh": "echo link\n"})
    run_cli(["fix"], cwd=tmp_path)
    assert (tmp_path / "a.sh").read_text() == "duo\n"
    assert (tmp_path / "b.sh").read_text() == "# duo\necho link\n"


def test_identical_fixes_count_once(fake_rules, make_project, tmp_path, monkeypatch):
    make_project({"run.sh": "twicelink\n"})
    monkeypatch.chdir(tmp_path)
    outcome = run_fix(["."], Settings(root=tmp_path), None, unsafe=False)
    assert outcome.fixed == 2
    assert (tmp_path / "run.sh").read_text() == "twice\n"


def test_cap_is_reported(fake_rules, make_project, run_cli, tmp_path):
    make_project({"run.sh": "pinglink\n"})
    code, _, err = run_cli(["fix"], cwd=tmp_path)
    assert code == 2
    assert "delink: error: fixes did not settle after 10 rounds" in err


def test_file_changed_on_disk_is_not_overwritten(fake_rules, make_project, tmp_path, monkeypatch):
    make_project({"run.sh": "oldlink\n"})
    monkeypatch.chdir(tmp_path)
    outcome = run_fix(["."], Settings(root=tmp_path), None, unsafe=False, write=False)
    (tmp_path / "run.sh").write_text("someone else\n")
    errors = write_changes(outcome)
    assert errors == ["run.sh: changed on disk while delink was fixing it; not written"]
    assert (tmp_path / "run.sh").read_text() == "someone else\n"


def _edits(text_len: int) -> st.SearchStrategy[list[tuple[int, int, str]]]:
    bounds = st.lists(st.integers(0, text_len), min_size=0, max_size=12).map(sorted)

    def to_edits(points: list[int]) -> st.SearchStrategy[list[tuple[int, int, str]]]:
        pairs = list(zip(points[::2], points[1::2], strict=False))  # odd point dropped
        return st.tuples(*[st.text(max_size=4) for _ in pairs]).map(
            lambda contents: [(a, b, c) for (a, b), c in zip(pairs, contents, strict=False)]
        )

    return bounds.flatmap(to_edits)


@given(st.text(max_size=40).flatmap(lambda t: st.tuples(st.just(t), _edits(len(t)))), st.randoms())
def test_apply_edits_equals_one_by_one_from_the_end(case, rnd) -> None:
    text, raw = case
    edits = [Edit("f", a, b, c) for a, b, c in raw]
    # keep edits that share no offset (the order of touching edits is by listing)
    seen: set[int] = set()
    distinct = []
    for e in edits:
        if e.start in seen or e.end in seen:
            continue
        seen.update({e.start, e.end})
        distinct.append(e)
    shuffled = list(distinct)
    rnd.shuffle(shuffled)
    expected = text
    for e in sorted(distinct, key=lambda e: e.start, reverse=True):
        expected = expected[: e.start] + e.content + expected[e.end :]
    assert apply_edits(text, shuffled) == expected


def test_suppressed_diagnostics_are_not_fixed(fake_rules, make_project, run_cli, tmp_path):
    make_project({"run.sh": "oldlink  # delink: ignore=DLK190\n# delink: ignore\noldlink\n"})
    code, out, _ = run_cli(["fix"], cwd=tmp_path)
    assert (code, out) == (0, "All checks passed!\n")
    assert (tmp_path / "run.sh").read_text() == (
        "oldlink  # delink: ignore=DLK190\n# delink: ignore\noldlink\n"
    )


def test_overlapping_fixes_take_two_rounds(fake_rules, make_project, tmp_path, monkeypatch):
    import delink.rule
    from delink.diagnostics import Applicability, Fix, Span
    from delink.rule import Rule

    class Overlap(Rule):
        code = "DLK191"
        name = "test-overlap"
        severity = fake_rules.severity
        summary = what = why = example = instead = fix_safety = "Test only."

        def check(self, project):  # type: ignore[no-untyped-def]
            for path, src in project.texts.items():
                i = src.text.find("oldlink")
                if i >= 0:  # overlaps DLK190's edit of the same word
                    span = Span(path, i, i + 3)
                    yield self.diagnostic(
                        span, "old", Fix(Applicability.SAFE, "x", (Edit.replace(span, "OLD"),))
                    )

    rules = dict(delink.rule._RULES or {})
    rules["DLK191"] = Overlap
    monkeypatch.setattr(delink.rule, "_RULES", rules)
    make_project({"run.sh": "oldlink\n"})
    monkeypatch.chdir(tmp_path)
    outcome = run_fix(["."], Settings(root=tmp_path), None, unsafe=False)
    # by position: DLK191's edit [0, 3) sorts before DLK190's [0, 7) and wins the round;
    # DLK190's overlapping fix waits, and then no longer matches
    assert (tmp_path / "run.sh").read_text() == "OLDlink\n"
    assert outcome.rounds == 1 and outcome.fixed == 1


def test_diff_is_as_small_as_the_change_in_a_long_file_of_repeated_lines(tmp_path):
    # difflib's "popular lines" heuristic (autojunk) gave a 609-line diff here
    from delink.fixer import FileChange, unified_diff
    from delink.text import SourceText

    block = "\n```\n" * 150
    before = block + "docker run --link db:db app\n" + block
    after = block + "docker network create x\ndocker run --network x app\n" + block
    diff = unified_diff(FileChange("README.md", SourceText("README.md", before), after))
    assert diff == (
        "--- a/README.md\n"
        "+++ b/README.md\n"
        "@@ -298,7 +298,8 @@\n"
        " ```\n"
        " \n"
        " ```\n"
        "-docker run --link db:db app\n"
        "+docker network create x\n"
        "+docker run --network x app\n"
        " \n"
        " ```\n"
        " \n"
    )
