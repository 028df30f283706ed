"""Output hygiene and secrets in fixes (issue 12): control characters in file names and
source lines are escaped in text output as git does; edit contents in JSON and lines of
``fix --diff`` never show a secret; the values of secrets are never copied by a fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from delink.escape import escape_path, escape_text

LINK = "docker run -d --name db postgres\ndocker run --link db:db app\n"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("run.sh", "run.sh"),
        ("a\x1b[31mb.sh", '"a\\033[31mb.sh"'),
        ("a\rb.sh", '"a\\rb.sh"'),
        ("txt\u202eexe.sh", '"txt\\342\\200\\256exe.sh"'),
        ("a\tb.sh", '"a\\tb.sh"'),
        ('say "hi".sh', '"say \\"hi\\".sh"'),
        ("bad\udcff.sh", '"bad\\377.sh"'),
        ("日本.sh", "日本.sh"),
    ],
)
def test_escape_path(name: str, shown: str) -> None:
    assert escape_path(name) == shown


def test_escape_text() -> None:
    assert escape_text("a\x1b[2Jb\u2028c") == "a\\033[2Jb\\342\\200\\250c"


def test_control_characters_in_names_and_lines(run_cli, make_project, tmp_path: Path) -> None:
    name = "x\x1b]0;pwned\x07\u202e.sh"
    make_project({name: "docker run -d --name db postgres\ndocker run --link db:db app \x1b[8m\n"})
    code, out, _ = run_cli(["check", "--color", "never", "."], cwd=tmp_path)
    assert code == 1
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    shown = '"x\\033]0;pwned\\a\\342\\200\\256.sh"'
    assert out.startswith(f"{shown}:2:12: DLK301 ")
    assert "2 | docker run --link db:db app \\033[8m\n" in out
    assert "  |            ^^^^^^^^^^^^\n" in out
    assert f"  = related: {shown}:1:1: the link target `db` is started here" in out
    code, out, _ = run_cli(["fix", "--unsafe-fixes", "--diff", "."], cwd=tmp_path)
    assert out.startswith(f'--- "a/{shown[1:-1]}"\n+++ "b/{shown[1:-1]}"\n')
    # JSON keeps the real name: its encoder escapes control characters itself
    _, out, _ = run_cli(["check", "--format", "json", "."], cwd=tmp_path)
    assert json.loads(out)[0]["filename"] == name and "\x1b" not in out


V1 = (
    "web:\n  image: app\n  links:\n    - db\n"
    "db:\n  image: postgres\n  environment:\n    POSTGRES_PASSWORD: hunter2\n"
    "    OTHER: |\n      x\n    API_TOKEN: >\n      t0ken\n"
)


def test_json_edit_contents_mask_secrets(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"docker-compose.yml": V1})
    _, out, _ = run_cli(["check", "--format", "json", "."], cwd=tmp_path)
    assert "hunter2" not in out and "t0ken" not in out
    upgrade = json.loads(out)[0]["fix"]["edits"][0]["content"]
    assert "      POSTGRES_PASSWORD: ****\n" in upgrade
    assert "      API_TOKEN: >\n        ****\n" in upgrade
    code, out, _ = run_cli(["fix", "--unsafe-fixes", "--diff", "."], cwd=tmp_path)
    assert code == 1
    assert "hunter2" not in out and "t0ken" not in out and "-    POSTGRES_PASSWORD: ****\n" in out
    run_cli(["fix", "--unsafe-fixes", "."], cwd=tmp_path)
    fixed = (tmp_path / "docker-compose.yml").read_text()
    assert "      POSTGRES_PASSWORD: hunter2\n" in fixed and "        t0ken\n" in fixed


def test_diff_masks_context_lines(run_cli, make_project, tmp_path: Path) -> None:
    make_project(
        {
            "run.sh": "docker run -d --name db -e DB_PASSWORD='a b' postgres\n"
            "export GITHUB_TOKEN=ghp_x\n" + LINK.split("\n")[1] + "\n"
        }
    )
    code, out, err = run_cli(["fix", "--unsafe-fixes", "--diff", "."], cwd=tmp_path)
    assert code == 1 and "Would fix" in err
    assert "a b" not in out and "ghp_x" not in out
    assert " export GITHUB_TOKEN=****\n" in out


def test_secret_values_are_never_copied(run_cli, make_project, tmp_path: Path) -> None:
    make_project(
        {
            "run.sh": "docker run -d --name db -e APP_KEY=base64:s3cr3t "
            "-e DATABASE_URL=postgres://u:hunter2@x/app -e ADMIN_PW=pw1 -e PLAIN=ok postgres\n"
            "docker run -d --name web --link db:db app\n",
            "app/Dockerfile": "FROM python\nCOPY . .\n",
            "app/main.py": "import os\n"
            + "".join(
                f'os.environ["DB_ENV_{n}"]\n'
                for n in ("APP_KEY", "DATABASE_URL", "ADMIN_PW", "PLAIN")
            ),
        }
    )
    code, out, err = run_cli(["fix", "--unsafe-fixes", "."], cwd=tmp_path)
    # what remains is info (the reads of variables now set by hand): the run passes
    assert (code, err) == (0, "") and "Fixed 5 problems in 1 file.\n" in out
    assert "Found 4 problems: 4 info." in out
    web = (tmp_path / "run.sh").read_text().splitlines()[-1]
    # a secret is read from the host's variable, and the command stops when it is unset
    assert web == (
        "docker run -d --name web --network db-net "
        '-e DB_ENV_APP_KEY="${APP_KEY:?set APP_KEY to the value of db}" '
        '-e DB_ENV_DATABASE_URL="${DATABASE_URL:?set DATABASE_URL to the value of db}" '
        '-e DB_ENV_ADMIN_PW="${ADMIN_PW:?set ADMIN_PW to the value of db}" '
        "-e DB_ENV_PLAIN=ok app"
    )
