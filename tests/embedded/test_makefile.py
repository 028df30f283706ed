"""Makefile recipes as make-dialect shell fragments."""

from __future__ import annotations

from delink.sources.embedded import split_lines
from delink.sources.embedded.makefile import recipes

from .helpers import extract, links


def test_recipes_prefixes_and_make_variables() -> None:
    text = (
        "TAG ?= app\n"
        "# docker run --link comment:out x\n"
        "test: build\n"
        "\t@docker run -d --name $(TAG)-redis redis\n"
        "\t-@ docker run --rm --link $(TAG)-redis:redis \\\n"
        "\t\t--link=${DB}:db $(TAG) sh -c 'echo $$REDIS_PORT_6379_TCP_ADDR'\n"
        "\n"
        "clean:\n"
        "\t+docker rm -f $(TAG)-redis\n"
    )
    src, facts = extract("makefile", text, "Makefile")
    assert links(src, facts) == [
        (5, 21, "--link $(TAG)-redis:redis", "redis"),
        (6, 3, "--link=${DB}:db", "db"),
    ]
    read = [r for r in facts.reads if r.name == "REDIS_PORT_6379_TCP_ADDR"]
    assert read and src.position(read[0].span.start) == (6, 40)


def test_crlf_inline_recipe_and_recipeprefix() -> None:
    text = (
        "up: ; docker run --link a:b img\r\n"
        ".RECIPEPREFIX = >\r\n"
        "down:\r\n"
        "> docker run --link c:d img\r\n"
        "\tnot a recipe any more\r\n"
    )
    src, facts = extract("makefile", text, "Makefile")
    assert links(src, facts) == [(1, 18, "--link a:b", "b"), (4, 14, "--link c:d", "d")]


def test_assignment_ends_a_rule_and_define_is_skipped() -> None:
    text = (
        "all:\n\techo one\n"
        "X = 1\n"
        "\tdocker run --link not:recipe img\n"
        "define BODY\n\tdocker run --link in:define img\nendef\n"
        "ifeq ($(A),1)\nb:\n\tdocker run --link e:f img\nendif\n"
    )
    src, facts = extract("makefile", text, "Makefile")
    assert [x[3] for x in links(src, facts)] == ["f"]


def test_continuation_keeps_the_backslash_newline() -> None:
    text = "a:\n\tdocker run \\\n\t  --link x:y img\n"
    [(_, b)] = recipes(split_lines(text))
    frag, omap = b.build()
    assert frag == "docker run \\\n  --link x:y img"
    assert text[omap(frag.index("--link"))] == "-"


def test_link_variables_are_substituted_where_they_are_written() -> None:
    text = (
        "export LINKS := --link db:db  # the database\n"
        "LINKS += --link=cache\n"
        "OPTS = -d $(LINKS)\n"
        "TAG = app\n"
        "HASH = \\#--link no:no\n"
        "up:\n"
        "\tdocker run ${OPTS} --name web $(TAG)\n"
    )
    src, facts = extract("makefile", text, "Makefile")
    assert links(src, facts) == [(1, 17, "--link db:db", "db"), (2, 10, "--link=cache", "cache")]
    (via,) = facts.links_via
    assert (src.position(via.span.start), via.variable, via.followed) == ((7, 13), "OPTS", True)
    (web,) = facts.containers
    # TAG carries no link: it stays a make variable, shown as written
    assert web.image is not None and (web.image.literal, web.image.display) == (None, "$(TAG)")


def test_link_variable_emptied_by_the_fix_keeps_nothing_after_the_operator() -> None:
    from delink.sources.embedded.makefile import link_variables

    lines = split_lines("LINKING = --link db:db\nOTHER := $(LINKING)\nPLAIN = x\n")
    assert [(a.name, a.start, a.end, a.operator_end) for a in link_variables(lines)] == [
        ("LINKING", 10, 22, 9),
        ("OTHER", 32, 42, 31),
    ]


def test_link_variable_grown_inside_a_conditional() -> None:
    """A tab-indented ``flags += --link …`` inside ``ifdef`` is a make line, not a recipe:
    its link is reported where it is written and the recipe's expansion carries it."""
    text = (
        "flags = -d\n"
        "ifdef DB\n"
        "\tflags += --link $(DB):db\n"
        "endif\n"
        "run:\n"
        "\tdocker run $(flags) app\n"
        "\tFLAGS=--link x:y true\n"
    )
    from delink.sources.embedded.makefile import link_variables

    lines = split_lines(text)
    assert [(a.name, a.append) for a in link_variables(lines)] == [
        ("flags", False),
        ("flags", True),
    ]
    src, facts = extract("makefile", text, "Makefile")
    assert links(src, facts) == [(3, 11, "--link $(DB):db", "db")]
