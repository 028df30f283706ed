"""ECS container definitions: task definition JSON, describe output, bare lists,
Dockerrun.aws.json v2, CloudFormation (JSON and YAML), Terraform heredocs and jsonencode."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.sources import classify
from delink.sources.jsonfile import mask
from delink.sources.jsonpos import JsonError, parse

from .helpers import lint

LEGACY = "through deprecated /etc/hosts entries and link env vars"


def test_json_positions_comments_and_errors() -> None:
    text = '// task\n{"a": ["x\\"y", 12, true], /* c */ "b": {},}'
    root = parse(text)
    assert root.kind == "object"
    a = root.get("a")
    assert a is not None and [i.kind for i in a.items] == ["string", "number", "literal"]
    s = a.items[0]
    assert (s.value, text[s.start : s.end], s.exact) == ('x"y', '"x\\"y"', False)
    with pytest.raises(JsonError) as err:
        parse('{"a": [1, 2}')
    assert err.value.at == 11


def test_json_template_mask_keeps_offsets() -> None:
    text = '[{"name": "web", "image": "${image}", "memory": ${mem}, "links": ["db"]}]'
    masked = mask(text)
    assert len(masked) == len(text)
    assert '"${image}"' in masked
    assert '"memory": 0     ,' in masked
    parse(masked)


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("ecs/task.json", "json"),
        ("Dockerrun.aws.json", "json"),
        ("templates/task.json.tpl", "json"),
        ("Dockerrun.aws.json.t", "json"),
        ("infra/main.tf", "terraform"),
    ],
)
def test_classify(path: str, language: str) -> None:
    assert classify(path, b"") == language


def test_task_definition_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        "describe.json": (
            '{"taskDefinition": {"family": "a", "networkMode": "bridge",\n'
            ' "containerDefinitions": [\n'
            '  {"name": "web", "image": "x", "links": ["db"]},\n'
            '  {"name": "db", "image": "postgres"}]}}\n'
        ),
        "cfn.json": (
            '{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {\n'
            '  "NetworkMode": "host",\n'
            '  "ContainerDefinitions": [{"Name": "web", "Image": "x", "Links": ["db"]}]}}}}\n'
        ),
        "list.json": '[{"name": "web", "image": "x", "links": ["d\\u0062:db"]}]\n',
        "plain.json": '[{"name": "web", "image": "x"}, {"links": ["not", "ecs"]}]\n',
        "cfn.yaml": (
            "Resources:\n"
            "  Task:\n"
            "    Type: AWS::ECS::TaskDefinition\n"
            "    Properties:\n"
            "      NetworkMode: !Ref Mode\n"
            "      ContainerDefinitions:\n"
            "        - Name: web\n"
            "          Links: ['db']\n"
        ),
    }
    got = lint(tmp_path, files, monkeypatch)
    assert got == [
        "cfn.json:3:69: DLK210 `links` entry `db` of the ECS container definition `web` in "
        "network mode `host`: ECS allows links only in `bridge` mode and rejects this task "
        "definition",
        "cfn.yaml:8:20: DLK210 link `db` of the ECS container definition `web` (network mode "
        "`!Ref Mode`, a legacy link if it is `bridge`): `web` reaches `db` " + LEGACY,
        "describe.json:3:44: DLK210 legacy link `db` of the ECS container definition `web` "
        f"(network mode `bridge`): `web` reaches `db` {LEGACY}",
        "list.json:1:43: DLK210 legacy link `db:db` of the ECS container definition `web` (its "
        "task's network mode is set elsewhere; `bridge` is the default): `web` reaches `db` "
        f"{LEGACY}",
    ]


def test_terraform_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tf = (
        'resource "aws_ecs_task_definition" "a" {\n'
        '  network_mode = "awsvpc"\n'
        "  container_definitions = <<-EOF\n"
        '    [{"name": "web", "image": "x", "links": ["db"]}]\n'
        "  EOF\n"
        "}\n"
        'resource "aws_ecs_task_definition" "b" {\n'
        "  container_definitions = jsonencode([\n"
        "    {\n"
        '      name  = "api"\n'
        '      # links = ["old"]\n'
        '      links = ["cache:redis", "queue"]\n'
        '      logConfiguration = { options = { links = "x" } }\n'
        "    }\n"
        "  ])\n"
        "}\n"
    )
    got = lint(tmp_path, {"main.tf": tf}, monkeypatch)
    assert got == [
        "main.tf:4:47: DLK210 `links` entry `db` of the ECS container definition `web` in "
        "network mode `awsvpc`: ECS allows links only in `bridge` mode and rejects this task "
        "definition",
        "main.tf:12:17: DLK210 legacy link `cache:redis` of the ECS container definition `api` "
        f"(network mode `bridge`, the default): `api` reaches `cache` as `redis` {LEGACY}",
        "main.tf:12:32: DLK210 legacy link `queue` of the ECS container definition `api` "
        f"(network mode `bridge`, the default): `api` reaches `queue` {LEGACY}",
    ]


def test_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        "task.json": (
            '{"containerDefinitions": [{"name": "web", "image": "x", "links": ["db"]},\n'
            '{"name": "db", "image": "postgres", "portMappings": [{"containerPort": 5432}]}]}\n'
        ),
        "app/index.js": "const h = process.env.DB_PORT_5432_TCP_ADDR\n",
    }
    got = lint(tmp_path, files, monkeypatch, fixes=True)
    assert got[-1] == (
        "task.json:1:68: DLK210 legacy link `db` of the ECS container definition `web` (network "
        f"mode `bridge`, the default): `web` reaches `db` {LEGACY}; its consumers read "
        "`DB_PORT_5432_TCP_ADDR` [display-only: ECS has no user-defined networks in `bridge` "
        "mode: use `networkMode: awsvpc` (the containers of a task share one network "
        "namespace: `db` becomes `localhost`), or service discovery / Service Connect for "
        "`db`; give the variables it reads (`DB_PORT_5432_TCP_ADDR`) explicit `environment` "
        "entries]"
    )


def test_a_bare_list_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"defs.json.tpl": '[{"name": "web", "image": "${image}", "links": ["db"]}]\n'}
    assert lint(tmp_path, files, monkeypatch) == [
        "defs.json.tpl:1:50: DLK210 legacy link `db` of the ECS container definition `web` "
        "(its task's network mode is set elsewhere; `bridge` is the default): `web` reaches "
        f"`db` {LEGACY}",
    ]
