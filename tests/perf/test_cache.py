"""The persistent cache never changes an answer: results follow the files, the
settings, delink's code and the files a source reads besides its own (``.env``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import delink.cache
import delink.scan
from delink import sources
from delink.cache import FileCache, code_version
from delink.diagnostics import Span
from delink.facts import FileFacts, Problem
from delink.lint import Linter
from delink.settings import Settings
from delink.text import SourceText

SCRIPT = "docker run -d --name db postgres:16\ndocker run --link db:{alias} --name web app\n"


def _messages(out: str) -> list[tuple[str, str]]:
    return [(d["code"], d["message"]) for d in json.loads(out)]


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust a file's status at once (the two seconds that protect against a rewrite
    within one timestamp tick would otherwise make every test file look racy)."""
    monkeypatch.setattr(delink.cache, "_RACY_NS", 0)


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths a source extracts, in order."""
    seen: list[str] = []
    real = delink.scan.extract_facts

    def counting(path: str, language: str, src: SourceText, ctx: sources.Context) -> Any:
        seen.append(path)
        return real(path, language, src, ctx)

    monkeypatch.setattr(delink.scan, "extract_facts", counting)
    return seen


def test_unchanged_files_are_not_parsed_again(
    trusting: None, extractions: list[str], run_cli, make_project, tmp_path: Path
) -> None:
    make_project({"run.sh": SCRIPT.format(alias="db"), "README.md": "nothing here\n"})
    first = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert extractions == ["run.sh"]
    second = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert second == first and extractions == ["run.sh"]
    # a setting that does not change extraction keeps the records
    third = run_cli(["check", "--format", "json", "--select", "DLK301"], cwd=tmp_path)
    assert third[0] == 1 and extractions == ["run.sh"]


def test_results_follow_a_changed_file(trusting: None, run_cli, make_project, tmp_path: Path):
    make_project({"run.sh": SCRIPT.format(alias="db")})
    _, out, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert any("`db:db`" in m for _, m in _messages(out))
    (tmp_path / "run.sh").write_text(SCRIPT.format(alias="pg"))
    _, out, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert any("`db:pg`" in m for _, m in _messages(out))
    assert not any("`db:db`" in m for _, m in _messages(out))


def test_a_rewrite_that_keeps_size_and_mtime_is_seen(
    trusting: None, run_cli, make_project, tmp_path: Path
) -> None:
    script = make_project({"run.sh": SCRIPT.format(alias="db")}) / "run.sh"
    _, before, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    st = script.stat()
    script.write_text(SCRIPT.format(alias="zz"))  # same length
    os.utime(script, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert script.stat().st_size == st.st_size
    assert script.stat().st_mtime_ns == st.st_mtime_ns
    _, after, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert any("`db:zz`" in m for _, m in _messages(after)) and after != before


class _EngineEcho:
    """A shell source whose facts depend on a setting (none of the real ones do yet)."""

    language = "shell"

    def extract(self, src: SourceText, ctx: sources.Context) -> FileFacts:
        facts = FileFacts(src.path, "shell")
        message = f"read for engine {ctx.settings.engine}"
        facts.problems.append(Problem(Span(src.path, 0, 1), message))
        return facts

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        return None


def test_results_follow_a_setting(
    trusting: None, monkeypatch: pytest.MonkeyPatch, run_cli, make_project, tmp_path: Path
) -> None:
    monkeypatch.setitem(sources._loaded, "shell", _EngineEcho())
    make_project({"run.sh": SCRIPT.format(alias="db")})
    _, out, _ = run_cli(["check", "--format", "json", "--engine", "28.0"], cwd=tmp_path)
    assert _messages(out) == [("DLK101", "read for engine 28.0")]
    _, out, _ = run_cli(["check", "--format", "json", "--engine", "27.0"], cwd=tmp_path)
    assert _messages(out) == [("DLK101", "read for engine 27.0")]


def test_results_follow_delink_version(
    trusting: None, monkeypatch: pytest.MonkeyPatch, run_cli, make_project, tmp_path: Path
) -> None:
    make_project({"run.sh": SCRIPT.format(alias="db")})
    monkeypatch.setattr(delink.cache, "_code_version", "0.1.0+one")
    _, real, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert "DLK301" in [c for c, _ in _messages(real)]
    # new code: its extractor reads the file differently
    monkeypatch.setitem(sources._loaded, "shell", _EngineEcho())
    monkeypatch.setattr(delink.cache, "_code_version", "0.1.0+two")
    _, out, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert _messages(out) == [("DLK101", "read for engine 28.0")]


def test_code_version_changes_with_the_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    module = package / "mod.py"
    module.write_text("X = 1\n")
    monkeypatch.setattr(delink.cache, "_package_dirs", lambda: [str(package)])
    monkeypatch.setattr(delink.cache, "_code_version", None)
    first = code_version()
    assert code_version() == first  # computed once per process
    module.write_text("X = 22\n")
    monkeypatch.setattr(delink.cache, "_code_version", None)
    assert code_version() != first


def test_results_follow_the_env_file_a_compose_file_reads(
    trusting: None, run_cli, make_project, tmp_path: Path
) -> None:
    make_project(
        {
            "docker-compose.yml": (
                "services:\n  web:\n    image: app\n    links:\n"
                '      - "db:${ALIAS}"\n  db:\n    image: postgres:16\n'
            ),
            ".env": "ALIAS=database\n",
        }
    )
    _, out, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert any("answer to `database`" in m for _, m in _messages(out))
    (tmp_path / ".env").write_text("ALIAS=store\n")
    _, out, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert any("answer to `store`" in m for _, m in _messages(out))
    (tmp_path / ".env").unlink()
    _, out, _ = run_cli(["check", "--format", "json"], cwd=tmp_path)
    assert not any("answer to `store`" in m for _, m in _messages(out))


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b"[]", b'{"format": 1, "namespace": "x", "entries": {}}', b"\xff\xfe"],
)
def test_a_corrupt_cache_is_a_miss(
    trusting: None, garbage: bytes, run_cli, make_project, tmp_path: Path
) -> None:
    make_project({"run.sh": SCRIPT.format(alias="db"), "b.sh": SCRIPT.format(alias="b")})
    cache = Path(os.environ["DELINK_CACHE_DIR"])
    expected = run_cli(["check", "--format", "json"], cwd=tmp_path)
    buckets = list(cache.glob("v*/*.json"))
    assert buckets
    for bucket in buckets:
        bucket.write_bytes(garbage)
    assert run_cli(["check", "--format", "json"], cwd=tmp_path) == expected


def test_corrupt_records_are_a_miss(trusting: None, run_cli, make_project, tmp_path: Path):
    make_project(
        {
            "run.sh": SCRIPT.format(alias="db"),
            "web.py": 'import os\nHOST = os.environ["DB_PORT"]\n',
            "README.md": "# docs\n",
        }
    )
    cache = Path(os.environ["DELINK_CACHE_DIR"])
    expected = run_cli(["check", "--format", "json"], cwd=tmp_path)
    for bucket in cache.glob("v*/*.json"):
        data = json.loads(bucket.read_bytes())
        for entry in data["entries"].values():
            record = entry[6]
            if "facts" in record:
                record["facts"]["c"][0][0] = "os:system"  # not a delink class
            elif "hints" in record:
                record["hints"] = "nonsense"
            else:
                entry[6] = ["not", "a", "record"]
        bucket.write_text(json.dumps(data))
    assert run_cli(["check", "--format", "json"], cwd=tmp_path) == expected


def test_two_runs_sharing_the_cache(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for i in range(40):
        sub = project / f"d{i % 5}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"s{i}.sh").write_text(SCRIPT.format(alias=f"a{i}"))
    env = {**os.environ, "DELINK_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "delink", "check", "--format", "json", str(project)]
    outputs = set()
    for _ in range(3):
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for _ in range(2)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 1 and err == b""
            outputs.add(out)
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) == 40


def test_default_place_and_controls(
    monkeypatch: pytest.MonkeyPatch, run_cli, make_project, tmp_path: Path
) -> None:
    monkeypatch.delenv("DELINK_CACHE_DIR")
    root = make_project(
        {"pyproject.toml": "[tool.delink]\n", "src/run.sh": SCRIPT.format(alias="db")}
    )
    run_cli(["check", "--no-cache", "src"], cwd=root)
    assert not (root / ".delink_cache").exists()
    run_cli(["check", "src"], cwd=root)  # the project root is where the configuration is
    assert (root / ".delink_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (root / ".delink_cache" / "CACHEDIR.TAG").read_text().startswith("Signature: ")
    assert list((root / ".delink_cache").glob("v*/*.json"))
    assert not (root / "src" / ".delink_cache").exists()

    other = tmp_path / "elsewhere"
    run_cli(["check", "--cache-dir", str(other), "src"], cwd=root)
    assert list(other.glob("v*/*.json"))
    via_env = tmp_path / "via-env"
    monkeypatch.setenv("DELINK_CACHE_DIR", str(via_env))
    run_cli(["check", "src"], cwd=root)
    assert list(via_env.glob("v*/*.json"))


def test_an_unwritable_cache_is_ignored(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": SCRIPT.format(alias="db"), "not-a-dir": "x"})
    expected = run_cli(["check", "--no-cache"], cwd=tmp_path)
    assert run_cli(["check", "--cache-dir", "not-a-dir"], cwd=tmp_path) == expected
    assert (tmp_path / "not-a-dir").read_text() == "x"


def test_jobs_must_be_positive(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli(["check", "--jobs", "0"], cwd=tmp_path)
    assert code == 2 and "--jobs: expected a positive number, got '0'" in err


def test_an_editor_overlay_is_linted_and_never_cached(
    trusting: None, make_project, tmp_path: Path
) -> None:
    make_project({"run.sh": SCRIPT.format(alias="db")})
    settings = Settings(root=tmp_path)
    cache = FileCache(tmp_path / "cache", settings)
    linter = Linter(settings, cache=cache)
    path = str(tmp_path / "run.sh")
    unsaved = SourceText(path, SCRIPT.format(alias="unsaved"))
    edited = linter.lint([str(tmp_path)], overlay={path: unsaved})
    assert any("`db:unsaved`" in d.message for d in edited.diagnostics)
    assert edited.files[path] is unsaved
    on_disk = Linter(settings, cache=FileCache(tmp_path / "cache", settings)).lint([str(tmp_path)])
    assert any("`db:db`" in d.message for d in on_disk.diagnostics)
    assert not any("unsaved" in d.message for d in on_disk.diagnostics)


def test_sources_read_no_other_file_than_they_declare(tmp_path: Path) -> None:
    """The cache keys a file's facts on its content and on the files
    :func:`delink.scan.dependencies` names: a source that starts reading another file
    must name it there, or a change to that file would go unseen."""
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    script = f"""
import os, sys
from pathlib import Path
from delink import sources
from delink.scan import dependencies, extract_facts
from delink.settings import Settings
from delink.text import DecodeError, SourceText

ctx = sources.Context(Settings())
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.append(os.path.abspath(args[0]))
files = sorted(p for p in Path({str(fixtures)!r}).rglob("*") if p.is_file())
for path in files:  # import every source first: module files are not what we look for
    data = path.read_bytes()
    language = sources.classify(str(path), data[:256])
    if language:
        sources.load(language)
sys.addaudithook(hook)
bad = []
for path in files:
    data = path.read_bytes()
    language = sources.classify(str(path), data[:256])
    if language is None:
        continue
    try:
        src = SourceText.from_bytes(str(path), data)
    except DecodeError:
        continue
    opened.clear()
    extract_facts(str(path), language, src, ctx)
    allowed = {{os.path.abspath(d) for d in dependencies(str(path), language)}}
    bad += [(str(path), o) for o in opened if o not in allowed and "/site-packages/" not in o
            and "/delink/" not in o and not o.endswith((".py", ".pyc", ".so"))
            and os.path.isfile(o)]  # not the '<unknown>' that warnings look up
print(bad)
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    assert out.strip() == "[]"
