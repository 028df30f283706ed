"""The fuzz harness shared by ``tests/reliability/test_fuzz.py`` (hypothesis, a few
seconds per source in CI) and ``bench/fuzz.py`` (random mutation for minutes, and
atheris when it is installed).

A *target* is one input language: a file name that routes to its source, seeds that
look like real files of that kind (each with a link, its target, a secret and a link
env read), and partner files that give the project something to join. An input is a
seed after a few *mutations*: tokens that broke parsers before (BOMs, NULs, CR, ESC,
RTL overrides, unclosed quotes, ``$(``, YAML anchors and aliases, block scalars), deleted,
repeated and spliced slices. :func:`check` runs one input through everything a user can
run and returns what went wrong:

- ``crash``: an exception out of the pipeline, or a source's caught crash
  ("internal error while reading", "could not read this … file completely (Error: …)");
- ``leak``: the seed's secret value, still assigned to its secret name in the input,
  in text or JSON output or in a ``fix --diff``;
- ``schema``: JSON output that its JSON Schema rejects;
- ``fix``: a fix that does not settle, or a second fix that changes the fixed text;
- ``slow``: an input that took longer than the time limit.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SECRET = "Zq7hunter2xK"

_DB = f"docker run -d --name db -e POSTGRES_PASSWORD={SECRET} postgres:16\n"


@dataclass(frozen=True)
class Target:
    language: str
    filename: str
    seeds: tuple[str, ...]
    partners: tuple[tuple[str, str], ...] = ()


TARGETS: dict[str, Target] = {
    t.language: t
    for t in (
        Target(
            "shell",
            "run.sh",
            (
                "#!/bin/sh\n" + _DB + 'CID=$(docker run -d --link db:db -e "X=a b" app)\n'
                'echo "$DB_PORT_5432_TCP_ADDR" \\\n  && docker run --rm --link "$CID":web app\n',
                "for s in a b; do\n  docker run -d --name $s --link db:${s}db app &\ndone\n"
                f"docker login -p {SECRET} reg && curl -u u:{SECRET} http://h\n" + _DB,
                "docker network connect --link db:db net web\ndocker rm --link web/db\n"
                "cat <<EOF | sh\ndocker run --link db app\nEOF\n" + _DB,
            ),
        ),
        Target(
            "compose",
            "docker-compose.yml",
            (
                "services:\n  web:\n    image: app\n    links:\n      - db:database\n"
                '    command: sh -c "echo $$DB_PORT_5432_TCP_ADDR"\n    environment:\n'
                "      - A=1\n  db:\n    image: postgres\n    environment:\n"
                f"      POSTGRES_PASSWORD: {SECRET}\n",
                f"web:\n  image: app\n  links: [db]\n  external_links: [redis]\ndb:\n"
                f"  image: postgres\n  environment:\n    - POSTGRES_PASSWORD={SECRET}\n",
                "version: '2'\nx-base: &base\n  image: app\nservices:\n  web:\n    <<: *base\n"
                "    links:\n      - db\n    depends_on: [db]\n  db:\n    image: postgres\n"
                f"    environment: {{POSTGRES_PASSWORD: {SECRET}}}\n",
            ),
        ),
        Target(
            "python",
            "app.py",
            (
                "import os\nimport docker\nclient = docker.from_env()\n"
                "db = client.containers.run('postgres', name='db', detach=True,\n"
                f"    environment={{'POSTGRES_PASSWORD': '{SECRET}'}})\n"
                "web = client.containers.run('app', links={'db': 'db'}, detach=True)\n"
                "host = os.environ['DB_PORT_5432_TCP_ADDR']\n",
                "from docker import APIClient\nc = APIClient()\n"
                "hc = c.create_host_config(links=[('db', 'db')])\n"
                f"c.create_container('app', host_config=hc, environment=['DB_PW={SECRET}'])\n"
                "print(os.getenv('DB_ENV_POSTGRES_PASSWORD', 'x'))\n",
            ),
        ),
        Target(
            "dockerfile",
            "Dockerfile",
            (
                "FROM python:3\nENV DB_HOST=$DB_PORT_5432_TCP_ADDR\n"
                "RUN docker run --link db:db app && echo ok\n"
                f'CMD ["sh", "-c", "echo $DB_PORT_5432_TCP_PORT"]\nENV API_TOKEN={SECRET}\n',
            ),
            (("run.sh", _DB),),
        ),
        Target(
            "makefile",
            "Makefile",
            (
                "NAME ?= db\nrun:\n\tdocker run -d --name $(NAME) postgres\n"
                "\tdocker run --link $(NAME):db app; \\\n\t  echo $$DB_PORT_5432_TCP_ADDR\n"
                f"up: ; docker run -e PASSWORD={SECRET} --link db app\n",
            ),
            (("run.sh", _DB),),
        ),
        Target(
            "markdown",
            "README.md",
            (
                "# App\n\n```sh\n" + _DB + "docker run --link db:db app\n```\n\n"
                "```yaml\nservices:\n  web:\n    links: [db]\n  db:\n    image: x\n```\n",
            ),
        ),
        Target(
            "groovy",
            "Jenkinsfile",
            (
                "pipeline {\n  stages {\n    stage('t') {\n      steps {\n"
                f"        sh '''\n{_DB}docker run --link db:db app\n'''\n"
                '        sh "docker run --link ${env.DB}:db app"\n      }\n    }\n  }\n}\n',
            ),
        ),
        Target(
            "ci-yaml",
            ".gitlab-ci.yml",
            (
                f"variables:\n  DB_PASSWORD: {SECRET}\ntest:\n  script:\n"
                "    - docker run -d --name db postgres\n"
                "    - docker run --link db:db app\n    - |\n"
                "      echo $DB_PORT_5432_TCP_ADDR\n  anchors: &a [x, y]\n  more: *a\n",
            ),
        ),
        Target(
            "ruby",
            "Rakefile",
            (
                "task :up do\n  sh 'docker run -d --name db postgres'\n"
                '  sh "docker run --link db:db app"\n'
                "  puts ENV['DB_PORT_5432_TCP_ADDR']\n"
                f'  system("docker login -p {SECRET} reg")\nend\n',
            ),
            (("run.sh", _DB),),
        ),
        Target(
            "consumer",
            "app.js",
            (
                "const host = process.env.DB_PORT_5432_TCP_ADDR;\n"
                f"const url = `postgres://u:{SECRET}@${{host}}/app`;\n"
                "const port = process.env['DB_PORT_5432_TCP_PORT'] || 5432;\n",
            ),
            (("run.sh", _DB + "docker run -d --name web --link db:db app\n"),),
        ),
    )
}

# Tokens that broke a parser once, or could.
TOKENS: tuple[str, ...] = (
    "\ufeff",
    "\ufeff\ufeff",
    "\x00",
    "\r",
    "\r\n",
    "\x1b[31m",
    "\u202e",
    "\u2028",
    "\udcff",
    '"',
    "'",
    "\\",
    "`",
    "$(",
    ")",
    "${",
    "}",
    "{{",
    "[",
    "]",
    "&a ",
    "*a",
    "<<: *a\n",
    "<<EOF\n",
    "\t",
    " ",
    "\n",
    "\n  ",
    "#",
    ": ",
    "- ",
    "|\n",
    ">-\n",
    "!!binary ",
    "---\n",
    "--link ",
    "--link db:db ",
    "links:\n  - ",
    "docker run ",
    "-e PASSWORD=",
    "\\\n",
    ";",
    "&&",
    "$DB_PORT_5432_TCP_ADDR",
    "%(",
    "\\x",
    "日本",
    "𝔘",
)

OPS = ("insert", "delete", "repeat", "splice", "truncate", "swap")


@dataclass(frozen=True)
class Mutation:
    op: str
    at: float  # 0..1: where in the text
    length: float  # 0..1: how much (a fraction of the text, or of the repeat count)
    token: str
    count: int  # repeats

    def apply(self, text: str, other: str) -> str:
        n = len(text)
        i = int(self.at * n)
        span = max(1, int(self.length * min(n, 200)))
        if self.op == "insert":
            return text[:i] + self.token * max(1, min(self.count, 4)) + text[i:]
        if self.op == "delete":
            return text[:i] + text[i + span :]
        if self.op == "repeat":
            return text[:i] + text[i : i + span] * self.count + text[i + span :]
        if self.op == "splice":
            j = int(self.length * len(other))
            return text[:i] + other[j : j + 120] + text[i:]
        if self.op == "truncate":
            return text[:i]
        if self.op == "swap":
            return text[i:] + text[:i]
        raise ValueError(self.op)


def mutate(target: Target, seed: int, mutations: Sequence[Mutation]) -> str:
    text = target.seeds[seed % len(target.seeds)]
    others = [s for t in TARGETS.values() for s in t.seeds]
    for k, m in enumerate(mutations):
        text = m.apply(text, others[(seed + k) % len(others)])
    return text


@dataclass(frozen=True)
class Finding:
    kind: str  # crash, leak, schema, fix, slow
    language: str
    detail: str

    @property
    def signature(self) -> str:
        """What makes two findings the same bug (for counting distinct ones)."""
        first = self.detail.splitlines()[0] if self.detail else ""
        return f"{self.kind}:{self.language}:{re.sub(r'[0-9]+', 'N', first)[:160]}"


_CAUGHT = re.compile(
    r"internal error|could not read this [\w -]+ completely \(\w+(Error|Exception)"
)


# the seed's secret where a secret goes: NAME=x, NAME: x, "NAME":x, docker login -p x,
# curl -u user:x, scheme://user:x@
_SECRET_AT = (
    rf"(?:(?i:PASSWORD|_PW|TOKEN)(?:['\"]?[ \t]*=[ \t]*|['\"]?:[ \t]+|['\"]:)['\"]?"
    rf"|\blogin\b[^\n;&|]*?-p |\bcurl\b[^\n;&|]*?-u \w+:|://\w*:)(?:{SECRET})(?![\w$])"
)
_SECRET_KEPT = re.compile(_SECRET_AT)


@contextlib.contextmanager
def _project(target: Target, text: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="delink-fuzz-") as tmp:
        root = Path(tmp)
        path = root / target.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        for name, content in target.partners:
            (root / name).write_text(content)
        old = os.getcwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(old)


def _schema() -> dict[str, Any]:
    import delink

    path = Path(delink.__file__).parent / "data" / "diagnostics.schema.json"
    data: dict[str, Any] = json.loads(path.read_text())
    return data


_SCHEMA: dict[str, Any] | None = None


def check(
    target: Target, text: str, *, time_limit: float | None = None, second_fix: bool = False
) -> list[Finding]:
    """Run ``text`` (as the target's file) through check (text and JSON), the fixer
    (``--diff``) and, with ``second_fix``, a written fix and a second one. Slower than
    ``time_limit`` seconds (by default 5 s and 0.2 s per KB) is a finding."""
    import jsonschema

    from delink.cli import main
    from delink.fixer import run_fix, unified_diff, write_changes
    from delink.lint import Linter
    from delink.report import json as json_report
    from delink.report import text as text_report
    from delink.settings import Settings

    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = _schema()
    found: list[Finding] = []
    lang = target.language

    def add(kind: str, detail: str) -> None:
        found.append(Finding(kind, lang, detail))

    secret_kept = _SECRET_KEPT.search(text) is not None
    started = time.perf_counter()
    with _project(target, text) as root:
        try:
            settings = Settings(root=root)
            result = Linter(settings).lint(["."])
            for d in result.diagnostics:
                if _CAUGHT.search(d.message):
                    add("crash", d.message)
            buf = io.StringIO()
            text_report.write(list(result.diagnostics), result.files, buf)
            shown = json_report.render(list(result.diagnostics), result.files)
            jsonschema.validate(json.loads(shown), _SCHEMA)
            outcome = run_fix(["."], settings, None, unsafe=True, write=False)
            diff = "".join(unified_diff(c) for c in outcome.changes.values())
            if secret_kept:  # shown where the input has it as a secret: a leak
                for name, out in (("text", buf.getvalue()), ("json", shown), ("diff", diff)):
                    for line in out.splitlines():
                        if SECRET in line and _SECRET_KEPT.search(line):
                            add("leak", f"{name}: {line.strip()[:200]}")
                            break
            if not outcome.converged:
                add("fix", "fixes did not settle")
            if second_fix and outcome.changes and outcome.converged:
                errors = write_changes(outcome)
                if errors:
                    add("fix", f"write failed: {errors[0]}")
                again = run_fix(["."], settings, None, unsafe=True, write=False)
                if again.changes:
                    changed = sorted(again.changes)
                    add("fix", f"a second fix changes {', '.join(changed)}")
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()) as err,
            ):
                main(["check", "--format", "json", "."])
            if "internal error" in err.getvalue():
                add("crash", err.getvalue().strip())
        except Exception as exc:  # the harness reports every escape from delink
            if isinstance(exc, jsonschema.ValidationError):
                add("schema", exc.message[:300])
            else:
                tb = traceback.extract_tb(exc.__traceback__)[-1]
                where = f"{Path(tb.filename).name}:{tb.lineno}"
                add("crash", f"{type(exc).__name__} at {where}: {str(exc)[:200]}")
    elapsed = time.perf_counter() - started
    if time_limit is None:
        time_limit = 5 + len(text) / 5_000  # generous: a loaded machine is no finding
    if elapsed > time_limit:
        add("slow", f"{elapsed:.1f} s for {len(text)} characters")
    return found


def summary(counts: dict[str, int], findings: dict[str, tuple[Finding, str]]) -> str:
    lines = [f"{lang}: {n} inputs" for lang, n in sorted(counts.items())]
    lines.append(f"total: {sum(counts.values())} inputs, {len(findings)} distinct findings")
    for sig, (found, text) in sorted(findings.items()):
        lines.append(f"- {sig}\n  {found.detail[:200]}\n  input: {text[:300]!r}")
    return "\n".join(lines)


Check = Callable[[Target, str], list[Finding]]
