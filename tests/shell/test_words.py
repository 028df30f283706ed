"""Words: quote removal with host offsets, the scanner, the tokenizer and bashlex checks."""

from __future__ import annotations

import pytest

from delink.sources.shell.tokenize import (
    bashlex_words,
    command_words,
    read_commands,
    read_simple,
)
from delink.sources.shell.words import CMD, LIT, PARAM, Shift, Unterminated, parse_word, word_end


def word(text: str, base: int = 0):
    return parse_word(text, 0, len(text), Shift(base), " " * base + text)


@pytest.mark.parametrize(
    ("raw", "literal", "display"),
    [
        ("db:db", "db:db", "db:db"),
        ('"redis:redis"', "redis:redis", "redis:redis"),
        ("'a b'", "a b", "a b"),
        ("a\"b\"'c'", "abc", "abc"),
        ("a\\ b", "a b", "a b"),
        ('"a\\"b\\$c"', 'a"b$c', 'a"b$c'),
        ('"a\\xb"', "a\\xb", "a\\xb"),
        ("$'a\\tb\\x41'", "a\tbA", "a\tbA"),
        ("postgres-$APP_NAME:postgres", None, "postgres-$APP_NAME:postgres"),
        ("${1:-mydb}:db", None, "${1:-mydb}:db"),
        ('"$(docker ps -q)"', None, "$(docker ps -q)"),
        ("`id -u`", None, "`id -u`"),
        ("$((1 + 2))", None, "$((1 + 2))"),
        ("a\\\nb", "ab", "ab"),
        ("'$X'", "$X", "$X"),
        ("$", "$", "$"),
    ],
)
def test_literal_and_display(raw: str, literal: str | None, display: str) -> None:
    w = word(raw)
    assert w.literal == literal
    assert w.display == display
    assert (w.start, w.end) == (0, len(raw))


def test_units_keep_host_offsets_inside_quotes() -> None:
    raw = '--link="db:alias"'
    w = word(raw, base=100)
    colon = w.find_lit(":")
    host = " " * 100 + raw
    target = w.part(w.find_lit("=") + 1, colon)
    alias = w.part(colon + 1)
    assert host[target.start : target.end] == "db"
    assert host[alias.start : alias.end] == "alias"
    assert all(u.quoted for u in alias.units)


def test_parameter_units() -> None:
    w = word('${!REF}x${#LEN}${ARR[@]}"$Q"')
    params = [u for u in w.units if u.kind == PARAM]
    assert [(u.name, u.prefix, u.op, u.quoted) for u in params] == [
        ("REF", "!", "", False),
        ("LEN", "#", "", False),
        ("ARR", "", "[@]", False),
        ("Q", "", "", True),
    ]
    assert [u.kind for u in w.units] == [PARAM, LIT, PARAM, PARAM, PARAM]


def test_command_substitution_is_one_unit() -> None:
    w = word("$(echo \"$(date)\" ')')x")
    assert [u.kind for u in w.units] == [CMD, LIT]
    assert w.units[0].text == "$(echo \"$(date)\" ')')"


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("abc def", 3),
        ("a'b c'd e", 7),
        ('a"$(echo ")")"b c', 15),
        ("${X:-a b} c", 9),
        ("$(case x in a) echo;; esac) z", 27),
        ("a\\ b c", 4),
        ("a;b", 1),
        ("x=(a b) c", 7),
    ],
)
def test_word_end(text: str, end: int) -> None:
    assert word_end(text, 0, len(text)) == end


@pytest.mark.parametrize("text", ["'abc", '"abc', "$(abc", "${abc", "`abc", "$(echo ')'"])
def test_unterminated(text: str) -> None:
    with pytest.raises(Unterminated):
        word_end(text, 0, len(text))


def test_read_simple_words_redirects_and_comment() -> None:
    text = "docker run 2>/dev/null -d >>log --link a:b img # --link c:d\nnext"
    cmd = read_simple(text, 0, len(text))
    assert [text[a:b] for a, b in cmd.words] == ["docker", "run", "-d", "--link", "a:b", "img"]
    assert [text[a:b] for a, b in cmd.redirects] == ["2>/dev/null", ">>log"]


def test_read_simple_backslash_space_is_an_escaped_space() -> None:
    text = "docker run \\  --link a:b img"
    cmd = read_simple(text, 0, len(text))
    assert [text[a:b] for a, b in cmd.words] == ["docker", "run", "\\ ", "--link", "a:b", "img"]


def test_read_commands_skips_heredoc_bodies() -> None:
    text = "cat <<EOF\ndocker run --link x:y img\nEOF\ndocker run --link a:b img\n"
    cmds, stop = read_commands(text, 0, len(text))
    assert stop is None
    assert [[text[a:b] for a, b in c.words] for c in cmds] == [
        ["cat"],
        ["docker", "run", "--link", "a:b", "img"],
    ]


def test_read_commands_reports_where_it_stops() -> None:
    text = "echo ok\ndocker run --link 'a:b img\n"
    cmds, stop = read_commands(text, 0, len(text))
    assert len(cmds) == 1
    assert stop is not None and stop[0] == text.index("docker")


def test_bashlex_spans_are_checked() -> None:
    text = "docker run \\\n  --link a:b \\\n  img"
    spans = bashlex_words(text, 0, len(text))
    assert spans is not None
    assert [text[a:b] for a, b in spans] == ["docker", "run", "--link", "a:b", "img"]


def test_bashlex_drift_inside_substitution_is_caught() -> None:
    # bashlex's positions drift by 2 per backslash-newline inside $( ): either it
    # gives the right spans or the check rejects them; the words are right either way
    text = "docker run $(echo \\\n a \\\n b) --link a:b img"
    spans, _ = command_words(text, 0, len(text))
    assert [text[a:b] for a, b in spans][-3:] == ["--link", "a:b", "img"]


def test_command_words_falls_back_to_the_tokenizer() -> None:
    text = "docker run --link a:b img <(cat x)"
    spans, method = command_words(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == ["docker", "run", "--link", "a:b", "img", "<(cat x)"]
    assert method in ("bashlex", "tokenizer")


def test_bashlex_and_tokenizer_agree() -> None:
    text = "sudo -E docker run -d --name \"x y\" -e A=$B --link=a:b img sh -c 'echo $X'"
    spans = bashlex_words(text, 0, len(text))
    assert spans == read_simple(text, 0, len(text)).words
