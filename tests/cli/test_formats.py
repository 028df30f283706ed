"""Every output format on a fixture, exactly: text, JSON, SARIF, GitHub, GitLab, statistics.

The expected outputs are files under ``tests/cli/golden/``. After a deliberate change of
messages, rewrite them with ``DELINK_REGEN_GOLDEN=1 pytest tests/cli/test_formats.py``
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "compose-engine"
GOLDEN = Path(__file__).resolve().parent / "golden"
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"


def _golden(name: str, actual: str) -> str:
    path = GOLDEN / name
    if os.environ.get("DELINK_REGEN_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _sarif_normalised(out: str) -> str:
    """The SARIF with the machine's root replaced and each rule descriptor reduced to its
    id: descriptors repeat every rule's documentation (checked against the rules in
    ``test_sarif_is_valid_and_complete``), the golden file holds the results."""
    data = json.loads(out.replace(json.dumps(FIXTURE.as_uri() + "/"), '"file:///ROOT/"'))
    driver = data["runs"][0]["tool"]["driver"]
    driver["rules"] = [rule["id"] for rule in driver["rules"]]
    return json.dumps(data, indent=2) + "\n"


CASES = [
    (["check", "--format", "text", "."], "check.txt", 1),
    (["check", "--format", "json", "."], "check.json", 1),
    (["check", "--format", "sarif", "."], "check.sarif", 1),
    (["check", "--format", "github", "."], "check.github.txt", 1),
    (["check", "--format", "gitlab", "."], "check.gitlab.json", 1),
    (["check", "--statistics", "."], "statistics.txt", 1),
    (["check", "--statistics", "--format", "json", "."], "statistics.json", 1),
    (["check", "--quiet", "v2"], "quiet-v2.txt", 0),
    (["fix", "--diff", "--unsafe-fixes", "v2"], "fix-diff-v2.txt", 1),
    (["fix", "--diff", "v2"], "fix-diff-safe-v2.txt", 1),
]


@pytest.mark.parametrize(("args", "golden", "exit_code"), CASES, ids=[c[1] for c in CASES])
def test_exact_output(run_cli, args: list[str], golden: str, exit_code: int) -> None:
    code, out, err = run_cli(args, cwd=FIXTURE)
    if golden.endswith(".sarif"):
        out = _sarif_normalised(out)
    assert (code, out) == (exit_code, _golden(f"compose-engine-{golden}", out))
    assert err in ("", "Would fix 1 problem in 1 file.\n", "Would fix 2 problems in 1 file.\n")


def _sarif(run_cli: Any, *args: str) -> dict[str, Any]:
    code, out, err = run_cli(["check", "--format", "sarif", *args], cwd=FIXTURE)
    assert code in (0, 1) and err == ""
    data: dict[str, Any] = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    return data


def test_sarif_is_valid_and_complete(run_cli) -> None:
    from delink.rule import all_rules

    run = _sarif(run_cli, ".")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(all_rules())
    for rule in rules:
        cls = all_rules()[rule["id"]]
        assert rule["name"] == cls.name
        assert rule["shortDescription"]["text"] == cls.summary
        assert rule["fullDescription"]["text"] == " ".join(cls.what.split())
        assert rule["help"] == {"text": cls.docs(), "markdown": cls.docs()}
        levels = {"error": "error", "warning": "warning", "info": "note"}
        assert rule["defaultConfiguration"] == {"level": levels[cls.severity.value]}
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": FIXTURE.as_uri() + "/"}}
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("DLK201", "warning"),
        ("DLK202", "warning"),
        ("DLK202", "warning"),
        ("DLK203", "note"),
        ("DLK203", "note"),
    ]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert len(r["partialFingerprints"]["delink/v1"]) == 32
    link = results[1]
    assert link["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 14,
        "startColumn": 7,
        "endLine": 14,
        "endColumn": 18,
    }
    assert link["relatedLocations"][0]["message"]["text"] == "the link target `db` is started here"
    # the v1 upgrade is one fix for the whole file: held by the first result, shared by the rest
    assert "fixes" in results[0] and link["properties"] == {"fixInResult": 0}
    safe = results[4]["fixes"][0]
    assert safe["description"]["text"].endswith("(safe fix)")
    change = safe["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "v2/compose.yaml", "uriBaseId": "SRCROOT"}
    assert change["replacements"][0]["deletedRegion"]["startLine"] >= 1


def test_sarif_of_a_clean_run_is_valid(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli(["check", "--format", "sarif", "."], cwd=tmp_path)
    data = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    assert (code, data["runs"][0]["results"]) == (0, [])


def test_sarif_columns_count_utf16_units(fake_rules, make_project, run_cli, tmp_path) -> None:
    make_project({"run.sh": "echo 😀; oldlink\n"})
    _, out, _ = run_cli(["check", "--format", "sarif"], cwd=tmp_path)
    region = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    # one astral character is two UTF-16 code units: column 10, not 9
    assert region["region"] == {"startLine": 1, "startColumn": 10, "endLine": 1, "endColumn": 17}


def test_github_escapes_properties_and_data(fake_rules, make_project, run_cli, tmp_path) -> None:
    make_project({"a,b:c%.sh": "oldlink\n"})
    code, out, _ = run_cli(["check", "--format", "github"], cwd=tmp_path)
    assert (code, out) == (
        1,
        "::warning file=a%2Cb%3Ac%25.sh,line=1,col=1,endLine=1,endColumn=8,"
        "title=DLK190 (test-old-link)::`oldlink` is a legacy link\n",
    )


def test_gitlab_fingerprints_are_unique_and_survive_line_shifts(
    fake_rules, make_project, run_cli, tmp_path
) -> None:
    make_project({"run.sh": "oldlink\noldlink\n"})
    _, out, _ = run_cli(["check", "--format", "gitlab"], cwd=tmp_path)
    before = [d["fingerprint"] for d in json.loads(out)]
    assert len(set(before)) == 2 and before[1] == before[0] + "-1"
    make_project({"run.sh": "echo one\necho two\noldlink\noldlink\n"})
    _, out, _ = run_cli(["check", "--format", "gitlab"], cwd=tmp_path)
    after = json.loads(out)
    assert [d["fingerprint"] for d in after] == before
    assert after[0]["location"]["positions"]["begin"] == {"line": 3, "column": 1}


def test_output_file(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    args = ["check", "--format", "sarif", "."]
    _, stdout, _ = run_cli(args, cwd=FIXTURE)
    code, out, err = run_cli([*args, "--output-file", target], cwd=FIXTURE)
    assert (code, out, err) == (1, "", "")
    assert target.read_text(encoding="utf-8") == stdout


def test_output_file_that_cannot_be_written(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli(
        ["check", "--output-file", tmp_path / "no" / "such" / "dir.txt", "."], cwd=tmp_path
    )
    assert (code, out) == (2, "")
    assert err.startswith("delink: error: ") and "cannot write" in err


NO_RICH = (
    "import sys, runpy\n"
    "sys.argv = ['delink'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('delink', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('RICH' if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) else 'NORICH',"
    " file=sys.stderr)\n"
)


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "gitlab", "text"])
def test_machine_formats_and_piped_text_never_import_rich(fmt: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", NO_RICH, "check", "--format", fmt, "."],
        cwd=FIXTURE,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "NORICH"


# an ESC sequence and a right-to-left override, in a file name and in a container name
ODD_NAME = "r\x1b[31mun\u202e.sh"
ODD_SCRIPT = (
    "docker run -d --name db\u202e postgres\ndocker run -d --name web --link db\u202e:db app\n"
)
ODD_MESSAGE = (
    "legacy link `db\\342\\200\\256:db` on the default bridge network: `web` reaches "
    "`db\\342\\200\\256` through deprecated /etc/hosts entries and link env vars"
)


def test_machine_formats_escape_what_they_show(make_project, run_cli, tmp_path) -> None:
    make_project({ODD_NAME: ODD_SCRIPT})
    _, out, _ = run_cli(["check", "--no-cache", "--format", "github"], cwd=tmp_path)
    # the runner would pass ESC and U+202E on raw: both are escaped, the name quoted
    assert out == (
        '::warning file="r\\033[31mun\\342\\200\\256.sh",line=2,col=26,endLine=2,'
        f"endColumn=39,title=DLK301 (legacy-link)::{ODD_MESSAGE}\n"
    )
    _, out, _ = run_cli(["check", "--no-cache", "--format", "gitlab"], cwd=tmp_path)
    [finding] = json.loads(out)
    assert finding["description"] == f"DLK301 {ODD_MESSAGE}"
    assert finding["location"]["path"] == ODD_NAME  # exact: GitLab finds the file
    _, out, _ = run_cli(["check", "--no-cache", "--format", "sarif"], cwd=tmp_path)
    data = json.loads(out)
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(data)
    [result] = data["runs"][0]["results"]
    assert result["message"]["text"] == ODD_MESSAGE
    assert result["relatedLocations"][0]["message"]["text"] == (
        "the link target `db\\342\\200\\256` is started here"
    )
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "r%1B%5B31mun%E2%80%AE.sh", "uriBaseId": "SRCROOT"}
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == location
    assert [r["insertedContent"]["text"] for r in change["replacements"]] == [
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n",
        "--network db-net",
        " --network db-net --network-alias db",
    ]


def test_github_keeps_an_ordinary_name_exact(make_project, run_cli, tmp_path) -> None:
    make_project({'say "hi" \\ é.sh': "docker run -d --name web --link db:db app\n"})
    _, out, _ = run_cli(["check", "--no-cache", "--format", "github"], cwd=tmp_path)
    assert out.startswith('::warning file=say "hi" \\ é.sh,line=1,col=26,')
