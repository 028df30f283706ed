"""``delink report``: exact output on the fixtures (text, Markdown, JSON, rich tables at a
terminal), the fix status of each link (safe, unsafe with reasons, manual, none), groups
and totals."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from delink.commands import report as report_cmd
from delink.commands import report_output
from delink.config import load_settings
from delink.lint import Linter

from .golden import ROOT, check

SCHEMA = json.loads((ROOT / "delink/data/report.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("golden", "args"),
    [
        ("report-legacy-shell-app.txt", ["fixtures/legacy-shell-app"]),
        ("report-sdk-app.txt", ["fixtures/sdk-app"]),
        ("report-compose-v3-app.md", ["fixtures/compose-v3-app", "--format", "markdown"]),
        ("report-compose-v1-app.json", ["fixtures/compose-v1-app", "--format", "json"]),
    ],
)
def test_report_fixtures(run_cli, golden: str, args: list[str]) -> None:
    code, out, err = run_cli(["report", *args], cwd=ROOT)
    assert (code, err) == (0, "")
    check(golden, out)
    if golden.endswith(".json"):
        jsonschema.validate(json.loads(out), SCHEMA)
    assert "notes-secret" not in out and "ledger-secret" not in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _report(root: Path) -> report_cmd.Report:
    settings = load_settings(root, None)
    result = Linter(settings).lint([str(root)])
    return report_cmd.build(result.project, list(result.diagnostics))


def test_rich_tables_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    monkeypatch.chdir(ROOT)
    report = _report(Path("fixtures/compose-v3-app"))
    out = _Terminal()
    report_output.write_text(report, out, color="never")
    check("report-compose-v3-app.rich.txt", out.getvalue())
    colored = _Terminal()
    report_output.write_text(report, colored, color="always")
    assert "\x1b[" in colored.getvalue()
    piped = io.StringIO()
    report_output.write_text(report, piped, color="auto")
    assert piped.getvalue().startswith(
        "group 1: api, cache, db, legacy-ldap, proxy, worker  manual\n"
    )


def test_statuses(make_project, tmp_path: Path) -> None:
    make_project(
        {
            # a safe group: the consumer's image is built here and reads nothing
            "app/Dockerfile": 'FROM scratch\nCMD ["/app"]\n',
            "run.sh": "docker build -t my/app app\n"
            "docker run -d --name db my/app\n"
            "docker run -d --name web --link db my/app\n"
            # manual: an invalid link spec
            "docker run -d --name bad --link a:b:c my/app\n"
            # none: the finding is suppressed
            "docker run -d --name db2 my/app\n"
            "docker run -d --name quiet --link db2 my/app  # delink: ignore=DLK301\n",
        }
    )
    report = _report(tmp_path)
    rows = {(x.consumer, x.target): (x.status, x.code) for g in report.groups for x in g.links}
    assert rows[("web", "db")] == ("safe", "DLK301")
    assert rows[("quiet", "db2")] == ("none", None)
    assert rows[("bad", "a:b:c")] == ("manual", "DLK303")
    (bad,) = [g for g in report.groups if g.containers == ["a:b:c", "bad"]]
    assert bad.status == "manual"
    assert bad.reasons == ["invalid link `a:b:c`: docker rejects it (bad format for links: a:b:c)"]
    totals = report.totals
    assert (totals["links_safe"], totals["links_manual"], totals["links_none"]) == (1, 1, 1)


def test_unsafe_reasons_come_from_the_plan(make_project, tmp_path: Path) -> None:
    make_project(
        {
            "run.sh": "docker run -d --name db postgres:16\n"
            "docker run -d --name web --link db:database my/app\n",
        }
    )
    (group,) = _report(tmp_path).groups
    assert group.status == "unsafe"
    assert group.reasons == [
        "the alias `database` becomes visible to the whole network",
        "`my/app` is not built here, so delink cannot see which link vars it reads",
    ]


def test_no_links(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"README.md": "nothing\n"})
    assert run_cli(["report"], cwd=tmp_path) == (0, "No links found.\n", "")
    code, out, _ = run_cli(["report", "--format", "markdown"], cwd=tmp_path)
    assert (code, out) == (0, "## delink migration report\n\nNo links found.\n")


START = """\
docker run -d --name db postgres:16
docker run -d --name cache redis:7
docker run -d --name web --link db:db my/app
docker run -d --name api --link cache:redis my/app
"""


def test_baseline_progress(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"bin/start.sh": START})
    code, _, err = run_cli(["check", "--write-baseline", "baseline.json"], cwd=tmp_path)
    assert (code, err) == (0, "Wrote 2 findings to baseline.json.\n")
    # one link migrated by hand, one new consumer
    make_project(
        {
            "bin/start.sh": START.replace(" --link cache:redis", " --network cache-net")
            + "docker run -d --name cron --link db:db my/app cron\n"
        }
    )
    code, out, err = run_cli(["report", "--baseline", "baseline.json"], cwd=tmp_path)
    assert (code, err) == (0, "")
    check("report-baseline.txt", out)
    code, out, _ = run_cli(
        ["report", "--baseline", "baseline.json", "--format", "json"], cwd=tmp_path
    )
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    assert doc["baseline"] == {
        "file": "baseline.json",
        "recorded": 2,
        "known": 1,
        "new": 1,
        "fixed": 1,
    }
    (group,) = doc["groups"]
    assert (group["findings"], group["known"]) == (2, 1)
    code, out, _ = run_cli(
        ["report", "--baseline", "baseline.json", "--format", "markdown"], cwd=tmp_path
    )
    check("report-baseline.md", out)


def test_bad_baseline_is_a_usage_error(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"bin/start.sh": START, "baseline.json": "{}"})
    code, out, err = run_cli(["report", "--baseline", "baseline.json"], cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        'delink: error: baseline.json: not a delink baseline (expected "delink-baseline": 1)\n'
    )
    code, _, err = run_cli(["report", "--baseline", "missing.json"], cwd=tmp_path)
    assert code == 2 and "missing.json: no such baseline" in err
