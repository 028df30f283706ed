"""The embedded shell API: fragments mapped into a host file, make dialect, validate."""

from __future__ import annotations

from delink.facts import FileFacts
from delink.sources.shell import SOURCE, extract_fragment
from delink.text import OffsetMap, SourceText

from .helpers import at, ctx


def _fragment(
    host: str,
    pieces: list[tuple[int, str]],
    *,
    dialect: str = "sh",
    container_key: str | None = None,
    path: str = "host.txt",
) -> FileFacts:
    facts = FileFacts(path, "markdown")
    fragment = "".join(t for _, t in pieces)
    extract_fragment(
        facts,
        SourceText(path, host),
        fragment,
        OffsetMap.from_pieces(pieces),
        ctx(),
        container_key=container_key,
        dialect=dialect,
    )
    return facts


def test_spans_are_host_spans() -> None:
    host = "# Title\n\n```sh\n$ docker run -d \\\n>   --link db:db web\n```\n"
    # a Markdown source would strip the prompts: the fragment is two pieces
    a = host.index("docker")
    b = host.index("  --link")
    pieces = [(a, host[a : host.index("\n", a) + 1]), (b, host[b : host.index("\n", b) + 1])]
    f = _fragment(host, pieces)
    (link,) = f.links
    assert at(host, link.span) == "--link db:db"
    assert link.target is not None and at(host, link.target.span) == "db"
    c = f.containers[0]
    assert at(host, c.anchor) == "docker run"
    (st,) = f.statements
    assert host[st.start : st.end].startswith("docker run -d")
    assert host[st.start : st.end].endswith("web")


def test_container_key_of_a_fragment() -> None:
    host = "command: sh -c 'echo $DB_PORT_5432_TCP_ADDR'\n"
    start = host.index("sh -c")
    frag = host[start:-1]
    f = _fragment(host, [(start, frag)], container_key="compose:web")
    # the fragment itself is a command: its sh -c script runs in the same container
    assert [(r.name, r.container_key) for r in f.reads] == [
        ("DB_PORT_5432_TCP_ADDR", "compose:web")
    ]
    assert at(host, f.reads[0].span) == "DB_PORT_5432_TCP_ADDR"


def test_make_dialect() -> None:
    mk = (
        "TAG=poseidon\n"
        "test:\n"
        "\t@docker run --name $(TAG)-redis -d redis\n"
        "\t@docker run --rm --link $(TAG)-redis:redis -e HOME=$$HOME $(IMAGE) \\\n"
        "\t  sh -c 'echo $$REDIS_PORT_6379_TCP_ADDR'\n"
    )
    start = mk.index("\t@docker")
    facts = FileFacts("Makefile", "makefile")
    extract_fragment(
        facts,
        SourceText("Makefile", mk),
        mk[start:],
        OffsetMap.identity(start, len(mk) - start),
        ctx(),
        dialect="make",
    )
    (link,) = facts.links
    assert at(mk, link.span) == "--link $(TAG)-redis:redis"
    assert link.target is not None and link.target.display == "$(TAG)-redis"
    assert link.alias is not None and link.alias.literal == "redis"
    web = facts.containers[1]
    assert web.image is not None and web.image.display == "$(IMAGE)"
    assert [(e.name, e.value.raw if e.value else None) for e in web.env] == [("HOME", "$$HOME")]
    (read,) = facts.reads
    assert read.name == "REDIS_PORT_6379_TCP_ADDR" and read.container_key == web.key
    assert at(mk, read.span) == "REDIS_PORT_6379_TCP_ADDR"
    # $$HOME is the shell's $HOME, not a make variable and not a read
    assert all(r.name != "HOME" for r in facts.reads)


def test_validate_accepts_a_clean_fix_and_names_the_row_of_a_broken_one() -> None:
    before = SourceText("run.sh", "docker run --link db:db web\necho done\n")
    good = SourceText("run.sh", "docker run --network n web\necho done\n")
    assert SOURCE.validate(before, good) is None
    broken = SourceText("run.sh", "docker run --network n web\necho 'done\nif x; then\n")
    message = SOURCE.validate(before, broken)
    assert message is not None and "row" in message
    unreadable = SourceText("run.sh", 'docker run --network "n web\necho done\n')
    message = SOURCE.validate(before, unreadable)
    assert message is not None and "row 1" in message


def test_validate_tolerates_errors_that_were_already_there() -> None:
    before = SourceText("run.sh", "if x; then\ndocker run --link a:b web\n")
    after = SourceText("run.sh", "if x; then\ndocker run --network n web\n")
    assert SOURCE.validate(before, after) is None
