"""Robustness: nothing escapes ``extract``; generated commands keep exact link spans;
the fix writer's output is valid and has nothing left to fix."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delink.diagnostics import Applicability, apply_edits
from delink.fixes.shell import shell_edits
from delink.planning.model import ConsumerChange, Plan, TargetChange
from delink.sources.shell import SOURCE
from delink.text import SourceText

from .helpers import at, ctx, extract

_TOKENS = [
    "docker",
    "run",
    "create",
    "container",
    "network",
    "connect",
    "--link",
    "-link",
    "--link=",
    "a:b",
    "db",
    ":",
    "$X",
    "${X:-d}",
    "$(",
    ")",
    "`",
    "'",
    '"',
    "\\",
    "\\\n",
    "\n",
    "\r\n",
    ";",
    "&&",
    "||",
    "|",
    "&",
    "(",
    "{",
    "}",
    "[[",
    "]]",
    "if",
    "then",
    "fi",
    "case",
    "in",
    "esac",
    "<<EOF",
    "EOF",
    "#",
    "=",
    "-e",
    "DB_PORT_5432_TCP_ADDR",
    "$DB_ENV_X",
    "sh",
    "-c",
    "eval",
    "for",
    "do",
    "done",
    " ",
    "  ",
    "\t",
    "é",
    "\x00",
    "$((",
    "))",
    "${!",
    "ARR=(",
    "sudo",
]

SHELLISH = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join) | st.text(max_size=200)


def _check_spans(text: str) -> None:
    facts = extract(text)
    n = len(text)
    for link in facts.links:
        assert 0 <= link.span.start <= link.span.end <= n
    for r in facts.reads:
        assert at(text, r.span) == r.name
    for p in facts.problems:
        assert 0 <= p.span.start <= p.span.end <= n


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHELLISH)
def test_random_shell_never_raises(text: str) -> None:
    _check_spans(text)


@settings(max_examples=100, deadline=None)
@given(SHELLISH)
def test_validate_never_raises(text: str) -> None:
    before = SourceText("x.sh", text)
    assert SOURCE.validate(before, before) is None


_NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)


@st.composite
def docker_run(draw: st.DrawFn) -> tuple[str, list[str], list[tuple[str, str]]]:
    """A docker run command, the `--link ...` texts it holds and their (target, alias)."""
    prefix = draw(
        st.sampled_from(["docker", "sudo docker", '"$DOCKER"', "exec docker", "docker -D"])
    )
    sub = draw(st.sampled_from(["run", "create", "container run", "container create"]))
    words: list[str] = [prefix, sub]
    links: list[str] = []
    specs: list[tuple[str, str]] = []
    options = [
        "-d",
        "-it",
        "--rm",
        "-dit",
        "--name web",
        "--name=web",
        "-p 8080:80",
        "-p8080:80",
        "-e A=1",
        "-eA=1",
        "--env 'B=two words'",
        "-v /a:/b",
        "--restart always",
        "-w /app",
        "--network bridge",
        "--log-opt max-size=1m",
        "-h host",
        "--link-local-ip 1.2.3.4",
        "-u 1000",
        "--label a=b",
        "-l x=y",
        "--expose 90",
        "-P",
        "--entrypoint sh",
    ]
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            words.append(draw(st.sampled_from(options)))
        else:
            target, alias = draw(_NAMES), draw(_NAMES)
            short = draw(st.booleans())
            value = target if short else f"{target}:{alias}"
            quote = draw(st.sampled_from(["", '"', "'"]))
            form = draw(st.sampled_from(["--link ", "--link=", "-link ", "-link="]))
            text = f"{form}{quote}{value}{quote}"
            words.append(text)
            links.append(text)
            specs.append((target, target if short else alias))
    words.append(
        draw(st.sampled_from(["img", "repo/img:1.0", "localhost:5000/x@sha256:" + "a" * 64]))
    )
    if draw(st.booleans()):
        words.append("--link after:image")
    sep = draw(st.sampled_from([" ", " \\\n  ", "  "]))
    return sep.join(words) + "\n", links, specs


@settings(max_examples=300, deadline=None)
@given(docker_run())
def test_generated_link_spans_are_exact(case: tuple[str, list[str], list[tuple[str, str]]]) -> None:
    text, links, specs = case
    facts = extract(text)
    assert [at(text, x.span) for x in facts.links] == links
    assert [
        (x.target.literal, x.alias.literal) for x in facts.links if x.target and x.alias
    ] == specs
    (c,) = facts.containers
    assert c.image is not None and c.image.literal is not None
    assert c.image.literal in ("img", "repo/img:1.0") or c.image.literal.startswith("localhost")


@settings(max_examples=150, deadline=None)
@given(docker_run(), st.sampled_from(["\n", "\r\n"]))
def test_fix_round_trip(case: tuple[str, list[str], list[tuple[str, str]]], newline: str) -> None:
    text, _, _ = case
    text = "docker run -d --name db postgres\n" + text
    text = text.replace("\n", newline)
    src = SourceText("run.sh", text)
    facts = SOURCE.extract(src, ctx())
    consumer = facts.containers[1]
    targets = [TargetChange(x.target.display, None) for x in consumer.links if x.target]
    plan = Plan(
        "app-net", [ConsumerChange(consumer, list(consumer.links))], targets, Applicability.SAFE
    )
    edits = shell_edits(plan, {"run.sh": src})
    assert edits is not None
    out = apply_edits(text, edits)
    fixed = SourceText("run.sh", out)
    assert SOURCE.validate(src, fixed) is None
    again = SOURCE.extract(fixed, ctx())
    assert again.links == []
    assert len(again.containers) == 2
    if newline == "\r\n":
        assert out.count("\n") == out.count("\r\n")


def test_edge_files() -> None:
    for text in [
        "",
        "\n",
        "# only a comment\n",
        "#!/bin/sh\n",
        "\x00\x00",
        "\ufeffdocker run --link a:b x\n",
        "docker run --link é:ü x\n",
        "\u202edocker run --link a:b x\n",
        "\\",
        "'",
        "$(",
        "`",
    ]:
        _check_spans(text)


def test_upper_plane_characters_do_not_crash_tree_sitter() -> None:
    # `{` + U+F254E segfaults tree-sitter-bash about one time in two (a crash here
    # takes the whole test run down)
    for text in ["{\U000f254e", "{\U000e0000 x", "a{\U000a0000}b", "{\ud800"]:
        for _ in range(30):
            _check_spans(text)


def test_unicode_offsets_are_characters() -> None:
    text = "echo 'ünïcödé 😀'\ndocker run --link db:db x sh -c 'echo $DB_PORT_1_TCP'\n"
    facts = extract(text)
    assert at(text, facts.links[0].span) == "--link db:db"
    assert at(text, facts.reads[0].span) == "DB_PORT_1_TCP"


def test_deep_nesting() -> None:
    text = "x=" + "$(" * 400 + "docker run --link a:b img" + ")" * 400 + "\n"
    facts = extract(text)
    assert [at(text, x.span) for x in facts.links] == ["--link a:b"]
    chain = "x=" + "$(docker run --link a:b " * 150 + "img" + ")" * 150 + "\n"
    assert len(extract(chain).links) == 150
    deep_quotes = "sh -c " * 50 + "'docker run --link a:b img'\n"
    extract(deep_quotes)


def test_a_megabyte_of_shell() -> None:
    block = (
        'for f in *.txt; do\n  if [[ -f $f ]]; then\n    echo "${f%.txt}" | tr a-z A-Z\n'
        "  fi\ndone\n"
        "case $1 in\n  start) run ;;\n  *) usage ;;\nesac\narr=(a b c)\n"
        "echo $(( ${#arr[@]} + 1 ))\n"
    )
    line = "docker run -d --link db:db -e X=$DB_PORT_5432_TCP_ADDR img sh -c 'echo $DB_ENV_X'\n"
    text = (block * 20 + line) * (1_000_000 // (len(block) * 20 + len(line)))
    assert len(text) > 900_000
    start = time.perf_counter()
    facts = extract(text)
    elapsed = time.perf_counter() - start
    count = text.count(line)
    assert len(facts.links) == count
    assert len(facts.reads) == 2 * count
    assert elapsed < 30  # about 1.5 s on a laptop; a generous bound for slow CI machines
