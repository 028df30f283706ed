"""The string literal decoder against Python's own: every literal decodes to its value,
and every decoded character maps to the source characters that produce it."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from delink.sources.python.strings import decode

_PREFIXES = ["", "r", "u", "R", "f", "rf", "Fr"]
_QUOTES = ["'", '"', "'''", '"""']
_ALPHABET = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


def _literal(value: str, prefix: str, quote: str) -> str | None:
    """``value`` written as a literal with ``prefix`` and ``quote`` (None if impossible)."""
    raw = "r" in prefix.lower()
    fmt = "f" in prefix.lower()
    if raw:
        if "\\" in value or "\r" in value or quote[0] in value:
            return None
        if len(quote) == 1 and "\n" in value:
            return None
        body = value
    else:
        body = value.replace("\\", "\\\\").replace("\r", "\\r")
        if len(quote) == 1:
            body = body.replace("\n", "\\n")
        body = body.replace(quote[0], "\\" + quote[0])
    if fmt:
        body = body.replace("{", "{{").replace("}", "}}")
    return f"{prefix}{quote}{body}{quote}"


@settings(max_examples=300)
@given(
    value=st.text(_ALPHABET, max_size=30),
    prefix=st.sampled_from(_PREFIXES),
    quote=st.sampled_from(_QUOTES),
)
def test_decode_matches_python(value: str, prefix: str, quote: str) -> None:
    lit = _literal(value, prefix, quote)
    if lit is None:
        return
    text = "x = " + lit + "\n"
    try:
        node = ast.parse(text).body[0].value  # type: ignore[attr-defined]
    except SyntaxError:
        return
    expected = ast.literal_eval(lit) if "f" not in prefix.lower() else value
    pieces = decode(text, 4, 4 + len(lit))
    assert pieces is not None
    assert "".join(p.text for p in pieces) == expected
    for p in pieces:
        src = text[p.start : p.end]
        if "f" in prefix.lower() and src in ("{{", "}}"):
            assert p.text == src[0]
            continue
        assert ast.literal_eval(("r" if "r" in prefix.lower() else "") + '"""' + src + ' """')[
            :-1
        ] == p.text or (src in ("\r\n", "\r") and p.text == "\n")
    del node


def test_concatenation_comments_and_fields() -> None:
    text = "x = ('a\\tb'  # c\n     f\"{y!r:>3}-{{z}}\" r'\\d')\n"
    start = text.index("'a")
    end = text.rindex("'") + 1
    pieces = decode(text, start, end)
    assert pieces is not None
    assert [(p.text, p.field, text[p.start : p.end]) for p in pieces] == [
        ("a", False, "a"),
        ("\t", False, "\\t"),
        ("b", False, "b"),
        ("y", True, "{y!r:>3}"),
        ("-", False, "-"),
        ("{", False, "{{"),
        ("z", False, "z"),
        ("}", False, "}}"),
        ("\\", False, "\\"),
        ("d", False, "d"),
    ]


def test_bytes_are_not_strings() -> None:
    assert decode("b'x'", 0, 4) is None


def test_escapes() -> None:
    lit = "'\\x41\\u00e9\\N{BULLET}\\101\\q\\\n!'"
    pieces = decode(lit, 0, len(lit))
    assert pieces is not None
    assert "".join(p.text for p in pieces) == "A\u00e9\u2022A\\q!"
