"""Templated Compose files: Go templates (Rancher catalogs), Jinja2, Handlebars, ERB.

The template is masked with text of the same length, so positions are the file's own;
the links of every branch are reported, branches that never render together do not
collide, and fixes stay suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.lint import Linter
from delink.report import position
from delink.settings import Settings
from delink.sources.compose.template import branch_at, branch_variants, mask, needs_mask

from .test_compose import _write


def lint_messages(root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    _write(root, files)
    monkeypatch.chdir(root)
    result = Linter(Settings(root=root)).lint(["."])
    out = []
    for d in result.diagnostics:
        row, col = position(result.files, d.path, d.span.start)
        fix = f" [{d.fix.applicability.value}: {d.fix.message}]" if d.fix is not None else ""
        out.append(f"{d.path.removeprefix('./')}:{row}:{col}: {d.code} {d.message}{fix}")
    return out


def _blank(text: str) -> str:
    return "".join(c if c in "\r\n" else " " for c in text)


@pytest.mark.parametrize(
    "text",
    [
        # Go template statements and comments print nothing
        "{{- if .Values.db }}\n",
        "  {{- else }}\n",
        "{{ end }}",
        '{{- $img := "a:1" }}',
        "{{/* note */}}",
        "{{- range $i, $e := .Values.links }}",
        # Handlebars blocks, Jinja statements and comments, ERB code
        "{{#if db}}{{/if}}",
        "{% for s in l %}{% endfor %}",
        "{# c #}",
        "<% if x %>",
        # an expression alone on its line renders a block
        "{{ toYaml .Values.env | indent 2 }}\n",
        # a tag over several lines
        "{{ x\n}}",
    ],
)
def test_statements_become_blanks(text: str) -> None:
    assert mask(text) == _blank(text)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("image: {{ .Values.image }}", "image: ${__values_image__}"),
        ("image: <%= tag %>", "image: ${__tag__}"),
        ("{% for s in l %}- {{ s }}{% endfor %}", " " * 16 + "- ${_s__}" + " " * 12),
        ("  {{#each xs}}- {{this}}{{/each}}", " " * 14 + "- ${this_}" + " " * 9),
    ],
)
def test_expressions_become_unknown_values_of_the_same_length(text: str, masked: str) -> None:
    assert mask(text) == masked
    assert len(masked) == len(text)


def test_branches_of_one_condition_exclude_each_other() -> None:
    text = (
        "{{- if .Values.a }}\nA\n{{- else }}\nB\n{{- end }}\n"
        "{{- if not .Values.a }}\nC\n{{- end }}\n"
        "{{- if .Values.a }}\nD\n{{- end }}\n"
        "{% for s in xs %}\nE\n{% endfor %}\n"
    )
    at = branch_at(text)
    a, b, c, d, e = (at(text.index(ch + "\n")) for ch in "ABCDE")
    assert a == d == ((0, 0),)
    assert b == c == ((0, 1),)
    assert e == ((-4, 0),)


def test_needs_mask_only_for_tags_yaml_would_read() -> None:
    assert needs_mask("links:\n  - {{ db }}\n")
    assert needs_mask("{% if x %}\nweb:\n{% endif %}\n")
    assert not needs_mask('logging:\n  options:\n    tag: "{{.Name}}"\n')


RANCHER = (
    "version: '2'\n"
    "services:\n"
    "  wiki:\n"
    "    image: {{ .Values.image }}\n"
    '{{- if eq .Values.db "mysql" }}\n'
    "    links:\n"
    "      - mysql:db\n"
    "{{- else }}\n"
    "    links:\n"
    "      - postgres:db\n"
    "{{- end }}\n"
    "  mysql:\n"
    "    image: mysql:5.7\n"
    "  postgres:\n"
    "    image: postgres:9.6\n"
)


def test_go_template_reports_the_links_of_every_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = lint_messages(tmp_path, {"docker-compose.yml.tpl": RANCHER}, monkeypatch)
    hint = " [display-only: the file is a template: fix the template by hand]"
    assert got == [
        "docker-compose.yml.tpl:7:9: DLK203 `links` entry `mysql:db` of `wiki` is only a DNS "
        "alias on the project network and an implied `depends_on`; `mysql` does not answer "
        "to `db` otherwise" + hint,
        "docker-compose.yml.tpl:10:9: DLK203 `links` entry `postgres:db` of `wiki` is only a "
        "DNS alias on the project network and an implied `depends_on`; `postgres` does not "
        "answer to `db` otherwise" + hint,
    ]


def test_aliases_in_one_branch_still_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = RANCHER.replace("      - postgres:db\n", "      - postgres:db\n      - mysql:db\n")
    got = lint_messages(tmp_path, {"docker-compose.yml.tpl": text}, monkeypatch)
    assert [g.split(" ", 2)[:2] for g in got if "DLK305" in g] == [
        ["docker-compose.yml.tpl:11:9:", "DLK305"]
    ]


def test_jinja_loop_items_say_the_template_fills_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "app:\n"
        "  image: {{ app_image }}\n"
        "  links:\n"
        "{% for s in services %}\n"
        "    - {{ s }}\n"
        "{% endfor %}\n"
        "db:\n"
        "  image: postgres\n"
    )
    got = lint_messages(tmp_path, {"docker-compose.yml.j2": text}, monkeypatch)
    assert (
        "docker-compose.yml.j2:5:7: DLK208 link `{{ s }}` of `app` is filled in when the "
        "template is rendered (`{{ s }}`): its target and its alias are not known"
    ) in got
    assert (
        "docker-compose.yml.j2:5:7: DLK202 legacy link `{{ s }}` in a v1 Compose file: `app` "
        "reaches `{{ s }}` through deprecated /etc/hosts entries and link env vars "
        "[display-only: the file is a template: fix the template by hand]"
    ) in got


def test_compose_named_yaml_with_unquoted_tags_is_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `- {{ db }}` is a flow mapping to YAML: read as a template, the item is a link
    text = "web:\n  image: nginx\n  links:\n    - {{ db }}\n"
    got = lint_messages(tmp_path, {"docker-compose.yml": text}, monkeypatch)
    assert any(g.startswith("docker-compose.yml:4:7: DLK202 legacy link `{{ db }}`") for g in got)


def test_branches_that_only_parse_apart_are_read_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "web:\n"
        "  image: nginx\n"
        "  links:\n"
        "{% if single %}\n"
        "    - db\n"
        "{% else %}\n"
        "    [db, cache]\n"
        "{% endif %}\n"
        "db:\n"
        "  image: postgres\n"
        "cache:\n"
        "  image: redis\n"
    )
    assert len(branch_variants(text)) == 2
    got = lint_messages(tmp_path, {"docker-compose.yml.j2": text}, monkeypatch)
    assert [g.split(" ", 2)[:2] for g in got if "DLK202" in g] == [
        ["docker-compose.yml.j2:5:7:", "DLK202"],
        ["docker-compose.yml.j2:7:6:", "DLK202"],
        ["docker-compose.yml.j2:7:10:", "DLK202"],
    ]


def test_fixing_a_template_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {"docker-compose.yml.tpl": RANCHER})
    monkeypatch.chdir(tmp_path)
    outcome = run_fix(["."], Settings(root=tmp_path), None, unsafe=True)
    assert outcome.changes == {}
    assert (tmp_path / "docker-compose.yml.tpl").read_text() == RANCHER
