"""CI YAML: script keys, env entries run by eval, and the scalar-to-offsets mapper."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delink.lint import Linter
from delink.settings import Settings
from delink.sources.embedded.ciyaml import SOURCE
from delink.sources.embedded.yamlscalar import scalar_chars
from delink.text import SourceText

from .helpers import extract, links, reads, sets

# -- the scalar mapper ------------------------------------------------------------------------


def _scalars(node: Any, parent_col: int = -1) -> list[tuple[Any, int]]:
    """Every scalar node with the column of the key / ``-`` that holds it."""
    if isinstance(node, yaml.ScalarNode):
        return [(node, parent_col)]
    out: list[tuple[Any, int]] = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out += _scalars(k, k.start_mark.column)
            out += _scalars(v, k.start_mark.column)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            out += _scalars(v, node.start_mark.column)
    return out


def _check_document(doc: str, loader: Any) -> int:
    """Map every string scalar of ``doc`` back; returns how many were checked."""
    try:
        root = yaml.compose(doc, Loader=loader)
    except yaml.YAMLError:
        return 0
    if root is None:
        return 0
    checked = 0
    for node, parent_col in _scalars(root):
        got = scalar_chars(doc, node, parent_col + 1)
        assert got is not None, (doc, node.value, node.style)
        value, omap = got
        assert value == node.value
        assert len(omap.host) == len(value) + 1
        for i, ch in enumerate(value):
            h = omap(i)
            assert node.start_mark.index <= h < node.end_mark.index, (doc, i)
            # a character is written where it points, or comes from an escape, a
            # folded line break or a doubled quote
            assert doc[h] == ch or doc[h] in "\\\r\n'" or ch in "\n ", (doc, value, i)
        if omap.host[:-1]:
            assert list(omap.host[:-1]) == sorted(omap.host[:-1])
        checked += 1
    return checked


_ALPHABET = st.one_of(
    st.sampled_from(list(" \t\n\r\\\"'#:-$|>{}[],`&*!%@é😀\x85\u2028")),
    st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\ufeff"),
)
_LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    text=st.text(alphabet=_ALPHABET, max_size=40),
    style=st.sampled_from([None, "'", '"', "|", ">"]),
    shape=st.sampled_from(["top", "map", "seq", "nested", "steps"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    width=st.sampled_from([12, 40, 80]),
    loader=st.sampled_from(_LOADERS),
)
def test_dumped_scalars_map_back_exactly(
    text: str, style: str | None, shape: str, newline: str, width: int, loader: Any
) -> None:
    data = {
        "top": text,
        "map": {"script": text},
        "seq": [text, "x"],
        "nested": {"jobs": {"build": {"script": [text]}}},
        "steps": [{"run": text, "name": "n"}],
    }[shape]
    try:
        doc = yaml.dump(data, default_style=style, allow_unicode=True, width=width)
    except yaml.YAMLError:
        return
    _check_document(doc.replace("\n", newline), loader)


@pytest.mark.parametrize(
    "doc",
    [
        "run: |\n  docker run \\\n    --link db:db app\n",
        "run: |-\n  a\n\n  b\n\n\n",
        "run: |+\n  a\n\n",
        "run: |2\n    indented\n  b\n",
        "- >\n  folded one\n  two\n\n   more\n  three\n",
        "k: >-\n\n  lead\n",
        'k: "a\\tb \\x41 \\u00e9 \\U0001F600\\\n    continued\n\n  next"\n',
        "k: 'it''s\n\n  folded'\n",
        "k: plain\n  continued\n\n  again # comment\n",
        "jobs:\n  - script:\n      - |\n        echo $DB_PORT_5432_TCP_ADDR\n",
        "a: [x, 'y z', \"w\"]\n",
        "k: |  # comment\n  body\n",
    ],
)
def test_hand_written_scalars(doc: str) -> None:
    for loader in _LOADERS:
        assert _check_document(doc, loader) > 0
        assert _check_document(doc.replace("\n", "\r\n"), loader) > 0


# -- CI files -------------------------------------------------------------------------------------


def test_travis_env_entry_run_by_eval() -> None:
    text = (
        "env:\n"
        "  matrix:\n"
        '    #- BUILD="docker run --link old:old x"\n'
        '    - BUILD="docker run -d --name db pg && docker run -d --link db --name app app"\n'
        "  global:\n"
        "    - VERSION=1 REDIS_PORT_6379_TCP=tcp://cache:6379\n"
        "install:\n"
        "  - eval $BUILD\n"
    )
    src, facts = extract("ci-yaml", text, ".travis.yml")
    assert links(src, facts) == [(4, 58, "--link db", "db")]
    assert sets(src, facts) == [(6, 17, "REDIS_PORT_6379_TCP")]


def test_github_actions_run_with_expressions() -> None:
    text = (
        "jobs:\n"
        "  test:\n"
        "    steps:\n"
        "      - run: |\n"
        "          docker run --rm \\\n"
        "            --link ${{ matrix.db }}:db \\\n"
        "            -e HOST=$DB_PORT_5432_TCP_ADDR app\n"
        "      - shell: pwsh\n"
        "        run: docker run --link skipped:x app\n"
        "    env:\n"
        "      API_PORT_80_TCP_ADDR: localhost\n"
    )
    src, facts = extract("ci-yaml", text, ".github/workflows/ci.yml")
    assert links(src, facts) == [(6, 13, "--link ${{ matrix.db }}:db", "db")]
    assert reads(src, facts) == [(7, 22, "DB_PORT_5432_TCP_ADDR")]
    assert sets(src, facts) == [(11, 7, "API_PORT_80_TCP_ADDR")]
    link = facts.links[0]
    assert link.target is not None and link.target.literal is None


def test_gitlab_script_lists_and_quoted_scalars() -> None:
    text = (
        "test:\r\n"
        "  script:\r\n"
        "    - 'docker run --link \"db:db\" app'\r\n"
        '    - "docker run --link=cache:redis \\\r\n'
        '      app"\r\n'
        "    - >\r\n"
        "      docker run\r\n"
        "      --link mq:rabbit app\r\n"
    )
    src, facts = extract("ci-yaml", text, ".gitlab-ci.yml")
    assert links(src, facts) == [
        (3, 19, '--link "db:db"', "db"),
        (4, 19, "--link=cache:redis", "redis"),
        (8, 7, "--link mq:rabbit", "rabbit"),
    ]


def test_service_options_and_cloudbuild_argv() -> None:
    text = (
        "jobs:\n"
        "  t:\n"
        "    container:\n"
        "      image: node:20\n"
        "      options: --link db:db\n"
        "steps:\n"
        "  - name: gcr.io/cloud-builders/docker\n"
        "    args: ['run', '--link', 'cache:redis', 'app']\n"
    )
    src, facts = extract("ci-yaml", text, "cloudbuild.yaml")
    got = links(src, facts)
    assert got[0] == (5, 16, "--link db:db", "db")
    assert got[1][:2] == (8, 20) and got[1][3] == "redis"


def test_bad_yaml_is_a_problem() -> None:
    _src, facts = extract("ci-yaml", "script: [\n", ".travis.yml")
    assert facts.problems and "not valid YAML" in facts.problems[0].message


def test_validate() -> None:
    before = SourceText(".travis.yml", "script:\n  - docker run --link db:db app\n")
    good = SourceText(".travis.yml", "script:\n  - docker run --network n app\n")
    broken = SourceText(".travis.yml", "script:\n  - [docker run\n")
    assert SOURCE.validate(before, good) is None
    assert SOURCE.validate(before, broken) is not None
    assert SOURCE.validate(broken, broken) is None


def test_own_line_suppression_covers_the_yaml_node(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text(
        "script:\n"
        "  # delink: ignore\n"
        "  - |\n"
        "    docker run -d --name db pg\n"
        "    docker run --link db:db app\n"
        "  - docker run --link db:x app\n",
        encoding="utf-8",
    )
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = Linter(Settings(root=tmp_path), select=["DLK301"]).lint(["."])
    finally:
        os.chdir(old)
    rows = [result.files[d.span.path].position(d.span.start)[0] for d in result.diagnostics]
    assert rows == [6]
