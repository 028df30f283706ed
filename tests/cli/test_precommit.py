"""The pre-commit hooks of this checkout, run by pre-commit itself on a throwaway repo.

``pre-commit try-repo`` installs delink from this checkout (uncommitted changes included)
into its own environment, as a user's ``.pre-commit-config.yaml`` would, and passes the
named files. A finding in a named file that needs another file's facts (a link env var
read in an entrypoint, the link declared in a script) is still found; the other file's
own findings are not reported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

ENTRYPOINT = '#!/bin/sh\nexec psql -h "$DB_PORT_5432_TCP_ADDR"\n'
START = (
    "docker run -d --name db postgres:16\n"
    'docker run -d --name web --link db:db -v "$PWD/app:/app" app\n'
)
COMPOSE = (
    "services:\n  cache:\n    image: redis:7\n  app:\n    image: app\n    links:\n      - cache\n"
)
FIXED_COMPOSE = (
    "services:\n  cache:\n    image: redis:7\n  app:\n    image: app\n"
    "    depends_on:\n      cache:\n        condition: service_started\n        restart: true\n"
)


# a safe fix of the api's link also edits bin/queue.sh (the target joins the network):
# with only bin/api.sh named, delink-fix leaves it out and says how to apply it
QUEUE = "docker run -d --name queue rabbitmq:3\n"
API = "docker build -t api .\ndocker run -d --name api --link queue:queue api\n"


def _git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


def test_hooks_from_this_checkout(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / "bin").mkdir()
    (project / "app" / "entrypoint.sh").write_text(ENTRYPOINT)
    (project / "bin" / "start.sh").write_text(START)
    (project / "compose.yaml").write_text(COMPOSE)
    (project / "Dockerfile").write_text("FROM alpine\n")
    (project / "bin" / "queue.sh").write_text(QUEUE)
    (project / "bin" / "api.sh").write_text(API)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "NO_COLOR": "1",
    }
    env.pop("GIT_DIR", None)
    _git(project, "init", "-q", env=env)
    _git(project, "add", "-A", env=env)
    _git(project, "commit", "-qm", "init", env=env)
    files = ["app/entrypoint.sh", "bin/api.sh", "compose.yaml"]
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    check = out[out.index("- hook id: delink\n") : out.index("- hook id: delink-fix\n")]
    # the read in the named entrypoint is a finding because of bin/start.sh's link
    assert "app/entrypoint.sh:2:16: DLK501 reads `DB_PORT_5432_TCP_ADDR`" in check
    assert "compose.yaml:7:9: DLK203 [*]" in check
    assert "bin/start.sh:2:26: DLK301" not in out  # not named: not reported
    assert "bin/api.sh:2:26: DLK301 [*]" in check
    assert "Found 3 problems: 2 warnings, 1 info." in check
    fix = out[out.index("- hook id: delink-fix\n") :]
    assert "- files were modified by this hook" in fix
    assert "Fixed 1 problem in 1 file.\n" in fix
    assert (
        "delink: note: bin/api.sh:2:26: the fix for DLK301 was left out: it also edits "
        "bin/queue.sh, which was not named (`delink fix .` applies it)\n"
    ) in fix
    assert (
        "1 fix was left out, as it also edits files that were not named: `delink fix .` "
        "applies it.\nFound 2 problems: 2 warnings.\n"
    ) in fix
    assert (project / "bin" / "queue.sh").read_text() == QUEUE
    assert (project / "bin" / "api.sh").read_text() == API
    assert (project / "compose.yaml").read_text() == FIXED_COMPOSE
    assert (project / "bin" / "start.sh").read_text() == START  # unsafe: left alone
    assert (project / "app" / "entrypoint.sh").read_text() == ENTRYPOINT
