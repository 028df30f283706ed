"""Text and JSON output: exact text, JSON against the schema, secrets masked."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from delink.diagnostics import Diagnostic, Severity, Span
from delink.report import text as text_report
from delink.secrets import is_secret_name, mask, mask_line
from delink.text import SourceText


def _schema() -> dict[str, object]:
    data = resources.files("delink").joinpath("data/diagnostics.schema.json").read_text()
    schema: dict[str, object] = json.loads(data)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validate_json(out: str) -> list[dict[str, object]]:
    data = json.loads(out)
    jsonschema.Draft202012Validator(_schema()).validate(data)
    assert isinstance(data, list)
    return data


EXPECTED_TEXT = """\
run.sh:2:13: DLK190 [*] `oldlink` is a legacy link
  |
2 |     docker run oldlink -e DB_PASSWORD=**** app
  |                ^^^^^^^
  |
  = help: replace `oldlink` with `newnet`
  = related: run.sh:1:1: the file starts here

run.sh:3:1: DLK190 `unsafelink` is a legacy link
  |
3 | unsafelink
  | ^^^^^^^^^^
  |
  = help (unsafe fix): replace `unsafelink` with `newnet`

run.sh:4:1: DLK101 could not parse this command
  |
4 | PARSEFAIL
  | ^^^^^^^^^
  |

Found 3 problems: 2 warnings, 1 info.
1 fixable with `delink fix`; 1 more with `delink fix --unsafe-fixes`.
"""


def test_exact_text_output(fake_rules, make_project, run_cli, tmp_path: Path) -> None:
    make_project(
        {
            "run.sh": "echo start\n\tdocker run oldlink -e DB_PASSWORD=hunter2 app\nunsafelink\n"
            "PARSEFAIL\n"
        }
    )
    code, out, err = run_cli(["check"], cwd=tmp_path)
    assert (code, out, err) == (1, EXPECTED_TEXT, "")
    assert "hunter2" not in out


def test_json_output_matches_schema(fake_rules, make_project, run_cli, tmp_path: Path) -> None:
    make_project(
        {
            "run.sh": "oldlink\nduolink -e API_TOKEN=abc\nseclink\nPARSEFAIL\n",
            "b.sh": "echo b link\n",
            "bin.sh": b"\x00\x01link",
        }
    )
    code, out, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert code == 1
    data = validate_json(out)
    first = data[0]
    assert first == {
        "code": "DLK102",
        "name": "unreadable-file",
        "message": "binary file (contains NUL bytes)",
        "severity": "warning",
        "filename": "bin.sh",
        "location": {"row": 1, "column": 1},
        "end_location": {"row": 1, "column": 1},
        "fix": None,
        "related": [],
    }
    duo = next(d for d in data if d["message"] == "`duolink` is a legacy link")
    assert duo["location"] == {"row": 2, "column": 1}
    assert duo["fix"]["edits"] == [  # type: ignore[index]
        {
            "content": "duo",
            "location": {"row": 2, "column": 1},
            "end_location": {"row": 2, "column": 8},
        },
        {
            "content": "# duo\n",
            "location": {"row": 1, "column": 1},
            "end_location": {"row": 1, "column": 1},
            "filename": "b.sh",
        },
    ]
    assert "hunter2" not in out
    sec = next(d for d in data if str(d["message"]).startswith("seclink"))
    assert sec["message"] == "seclink with -e DB_PASSWORD=****"


def test_empty_json_is_an_empty_array(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert (code, validate_json(out)) == (0, [])


def _diag(start: int, end: int, path: str = "f") -> Diagnostic:
    return Diagnostic("DLK101", "parse-error", Severity.INFO, "m", Span(path, start, end))


@pytest.mark.parametrize(
    ("text", "start", "end", "frame"),
    [
        # tabs expand to 4 columns, the carets follow
        ("\tab\tcd\n", 4, 6, ["  |", "1 |     ab  cd", "  |         ^^", "  |"]),
        # an empty span: one caret
        ("abc\n", 1, 1, ["  |", "1 | abc", "  |  ^", "  |"]),
        # a span at the line end
        ("abc\n", 3, 4, ["  |", "1 | abc", "  |    ^", "  |"]),
        # wide characters take two columns
        ("日本 x\n", 3, 4, ["  |", "1 | 日本 x", "  |      ^", "  |"]),
        # several lines, at most three shown
        (
            "a\nbb\n  cc\ndd\nee\n",
            0,
            13,
            ["  |", "1 | a", "  | ^", "2 | bb", "  | ^^", "3 |   cc", "  |   ^^", "  | ...", "  |"],
        ),
        # a masked secret moves the carets with it
        (
            "PASSWORD=hunter2 x\n",
            17,
            18,
            ["  |", "1 | PASSWORD=**** x", "  |               ^", "  |"],
        ),
    ],
)
def test_code_frames(text: str, start: int, end: int, frame: list[str]) -> None:
    assert text_report.frame(_diag(start, end), SourceText("f", text)) == frame


def test_unreadable_file_has_no_frame() -> None:
    out = text_report.format_diagnostic(_diag(0, 0, "gone.sh"), {})
    assert out == "gone.sh:1:1: DLK101 m"


def test_summary_forms() -> None:
    assert text_report.summary([]) == "All checks passed!"
    one = Diagnostic("DLK101", "x", Severity.ERROR, "m", Span("f", 0, 0))
    assert text_report.summary([one]) == "Found 1 problem: 1 error."


def test_color_only_when_asked(fake_rules, make_project, run_cli, tmp_path: Path, monkeypatch):
    make_project({"run.sh": "oldlink\n"})
    _, out, _ = run_cli(["check"], cwd=tmp_path)
    assert "\x1b[" not in out
    _, out, _ = run_cli(["check", "--color", "always"], cwd=tmp_path)
    assert "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run_cli(["check", "--color", "auto"], cwd=tmp_path)
    assert "\x1b[" not in out


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (
            "docker run -e DB_PASSWORD=hunter2 -e USER=bob app",
            "docker run -e DB_PASSWORD=**** -e USER=bob app",
        ),
        ("  POSTGRES_PASSWORD: my secret", "  POSTGRES_PASSWORD: ****"),
        ('password = "abc"', 'password = "****"'),
        ('{"api_key": "zzz", "name": "n"}', '{"api_key": "****", "name": "n"}'),
        ("url: postgres://u:pw@db/x", "url: postgres://u:****@db/x"),
        ("PASSWORD=$DB_PASS", "PASSWORD=$DB_PASS"),
        ("TOKEN=${GH_TOKEN}", "TOKEN=${GH_TOKEN}"),
        ("AUTHOR=me", "AUTHOR=me"),
        ("--link db:db", "--link db:db"),
        ("GITHUB_TOKEN=abc;echo", "GITHUB_TOKEN=****;echo"),
        ("awsSecretAccessKey: k", "awsSecretAccessKey: ****"),
        ("PRIVATE_KEY='x y'", "PRIVATE_KEY='****'"),
        (
            "docker run --link db:db -e DB_PASSWORD=hunter2 app  # delink: ignore=DLK999",
            "docker run --link db:db -e DB_PASSWORD=**** app  # delink: ignore=DLK999",
        ),
        ("  - MYSQL_PASSWORD=abc def", "  - MYSQL_PASSWORD=****"),
        ("environment: {DB_PASSWORD: abc, X: 1}", "environment: {DB_PASSWORD: ****, X: 1}"),
        ("a=b,PASSWORD=x", "a=b,PASSWORD=****"),
        ("DB_PASS=${DB_PASS:-${X_ENV_PASSWORD}}", "DB_PASS=${DB_PASS:-${X_ENV_PASSWORD}}"),
        ("TOKEN=$(cat /run/token)", "TOKEN=$(cat /run/token)"),
        ("mysql --password=hunter2 -h db", "mysql --password=**** -h db"),
    ],
)
def test_masking(line: str, masked: str) -> None:
    assert mask(line) == masked


def test_mask_line_column_map() -> None:
    masked, remap = mask_line("a PASSWORD=hunter2 b")
    assert masked == "a PASSWORD=**** b"
    assert remap(0) == 0 and remap(11) == 11 and remap(18) == 15 and remap(20) == 17


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("DB_PASSWORD", True),
        ("MYSQL_ROOT_PASSWORD", True),
        ("apiKey", True),
        ("AUTH_HEADER", True),
        ("SSH_KEY", True),
        ("DB_HOST", False),
        ("AUTHOR", False),
        ("KEYBOARD", False),
        ("DB_PORT_5432_TCP_ADDR", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret
