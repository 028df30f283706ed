"""Arbitrary input: every host returns facts (no internal error) with host spans."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import extract

_PIECES = st.sampled_from(
    [
        "docker run ",
        "--link ",
        "db:db ",
        "\t",
        "\n",
        "\r\n",
        " ",
        "\\",
        "'",
        '"',
        "`",
        "$",
        "${",
        "}",
        "$(",
        ")",
        "#{",
        "#",
        "//",
        "/*",
        "*/",
        "<<EOF\n",
        "EOF\n",
        "<<-SH",
        "sh ",
        "sh '''",
        "'''",
        '"""',
        "```",
        "```sh\n",
        "    ",
        "$ ",
        "> ",
        "- ",
        "run: |\n  ",
        "script:\n  - ",
        "FROM a\n",
        "RUN ",
        'CMD ["sh", "-c", ',
        "]",
        "[",
        ":",
        "@",
        "-",
        "ENV['DB_PORT_5432_TCP_ADDR']",
        "process.env.DB_ENV_X",
        "%x(",
        "system(",
        "execute :docker, ",
        '.inside("',
        "withRun('",
        "{ c ->",
        "%%IMAGE%%",
        "DB_PORT_5432_TCP_ADDR",
        "=",
        ",",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30).map("".join)
_CASES = [
    ("consumer", "a.js"),
    ("consumer", ".env"),
    ("consumer", "x.yaml"),
    ("consumer", "t.tmpl"),
    ("dockerfile", "Dockerfile"),
    ("makefile", "Makefile"),
    ("markdown", "README.md"),
    ("groovy", "Jenkinsfile"),
    ("ci-yaml", ".travis.yml"),
    ("ruby", "Rakefile"),
]


@pytest.mark.parametrize(("language", "path"), _CASES)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=_TEXT)
def test_no_internal_error(language: str, path: str, text: str) -> None:
    _src, facts = extract(language, text, path)  # check_spans runs inside
    for p in facts.problems:
        assert "completely" not in p.message, p.message
        assert "internal error" not in p.message, p.message
