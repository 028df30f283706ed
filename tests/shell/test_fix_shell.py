"""The shell fix writer with hand-built plans: exact fixed text, valid shell, and a
fixed command with nothing left to fix."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from delink.diagnostics import Applicability, apply_edits
from delink.facts import Container, FileFacts
from delink.fixes.shell import shell_edits, shell_quote
from delink.planning.model import ConsumerChange, ExplicitEnv, Plan, TargetChange
from delink.sources.shell import SOURCE, extract_fragment
from delink.text import OffsetMap, SourceText

from .helpers import ctx


def _plan(
    facts: FileFacts,
    network: str = "db-net",
    *,
    env: dict[str, list[ExplicitEnv]] | None = None,
    aliases: dict[str, list[str]] | None = None,
    join: bool = True,
    create: bool = True,
) -> Plan:
    """Every link of the file goes; targets are found by name, or connected by name."""
    env = env or {}
    aliases = aliases or {}
    consumers: dict[str, ConsumerChange] = {}
    targets: dict[str, TargetChange] = {}
    by_name: dict[str, Container] = {
        c.name.display: c for c in facts.containers if c.name is not None
    }
    for link in facts.links:
        assert link.consumer is not None and link.target is not None
        c = link.consumer
        change = consumers.setdefault(c.key, ConsumerChange(c, [], env.get(c.key, []), join=join))
        change.remove.append(link)
        name = link.target.display
        target = link.target_container or by_name.get(name)
        key = target.key if target is not None else name
        targets.setdefault(key, TargetChange(name, target, aliases.get(name, []), join=join))
    return Plan(
        network,
        list(consumers.values()),
        list(targets.values()),
        Applicability.SAFE,
        create_network=create,
    )


def fix(text: str, make_plan: Callable[[FileFacts], Plan] = _plan, path: str = "run.sh") -> str:
    src = SourceText(path, text)
    facts = SOURCE.extract(src, ctx())
    edits = shell_edits(make_plan(facts), {path: src})
    assert edits is not None
    out = apply_edits(text, edits)
    fixed = SourceText(path, out)
    assert SOURCE.validate(src, fixed) is None
    again = SOURCE.extract(fixed, ctx())
    assert again.links == [], "a fixed command must have nothing left to fix"
    assert again.problems == []
    return out


def test_target_and_consumer_with_explicit_env() -> None:
    text = (
        "docker run -d --name db --expose 5432 postgres\n"
        "docker run --rm --link db:db postgres sh -c 'psql -h $DB_PORT_5432_TCP_ADDR'\n"
    )

    def plan(f: FileFacts) -> Plan:
        web = f.containers[1]
        return _plan(f, env={web.key: [ExplicitEnv("DB_PORT_5432_TCP_ADDR", "db")]})

    assert fix(text, plan) == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run --network db-net -d --name db --expose 5432 postgres\n"
        "docker run --rm --network db-net -e DB_PORT_5432_TCP_ADDR=db postgres sh -c "
        "'psql -h $DB_PORT_5432_TCP_ADDR'\n"
    )


def test_multi_line_command_with_continuations() -> None:
    text = (
        "#!/bin/sh\n"
        "docker run -d --name db postgres\n"
        "docker run -d \\\n"
        "  --name web \\\n"
        "  --link db:db \\\n"
        "  --link cache:redis \\\n"
        "  -p 8080:80 \\\n"
        "  web\n"
    )
    assert fix(text, lambda f: _plan(f, aliases={"cache": ["redis"]})) == (
        "#!/bin/sh\n"
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run --network db-net -d --name db postgres\n"
        "docker network connect --alias redis db-net cache 2>/dev/null || true\n"
        "docker run -d \\\n"
        "  --name web \\\n"
        "  --network db-net \\\n"
        "  -p 8080:80 \\\n"
        "  web\n"
    )


def test_target_not_in_the_file_is_connected_before_the_first_consumer() -> None:
    text = "set -e\n\ndocker run -d \\\n  --link cache:redis \\\n  web\n"
    assert fix(text, lambda f: _plan(f, aliases={"cache": ["redis"]})) == (
        "set -e\n"
        "\n"
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker network connect --alias redis db-net cache 2>/dev/null || true\n"
        "docker run -d \\\n"
        "  --network db-net \\\n"
        "  web\n"
    )


def test_flags_replacing_a_link_on_its_own_line_get_their_own_lines() -> None:
    text = (
        "docker run -d --name db postgres\r\ndocker run -d \\\r\n    --link db:db \\\r\n    web\r\n"
    )

    def plan(f: FileFacts) -> Plan:
        env = [
            ExplicitEnv("DB_PORT_5432_TCP_ADDR", "db"),
            ExplicitEnv("DB_PORT_5432_TCP_PORT", "5432"),
        ]
        return _plan(f, env={f.containers[1].key: env})

    assert fix(text, plan) == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\r\n"
        "docker run --network db-net -d --name db postgres\r\n"
        "docker run -d \\\r\n"
        "    --network db-net \\\r\n"
        "    -e DB_PORT_5432_TCP_ADDR=db \\\r\n"
        "    -e DB_PORT_5432_TCP_PORT=5432 \\\r\n"
        "    web\r\n"
    )


def test_second_link_goes_with_its_continuation() -> None:
    text = (
        "docker run -d --name db postgres\n"
        "docker run -d \\\n  --link db:db \\\n  --link db:database \\\n  web\n"
    )
    assert fix(text) == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run --network db-net -d --name db postgres\n"
        "docker run -d \\\n"
        "  --network db-net \\\n"
        "  web\n"
    )


def test_command_substitution_goes_up_to_the_statement() -> None:
    text = (
        "DB_CID=$(docker create -e MYSQL_ROOT_PASSWORD=x mysql:5.7)\n"
        "WP_CID=$( \\\n"
        "docker create \\\n"
        "--link $DB_CID:mysql \\\n"
        "wordpress \\\n"
        ")\n"
    )
    assert fix(text, lambda f: _plan(f, aliases={"$DB_CID": ["mysql"]})) == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "DB_CID=$(docker create --network db-net --network-alias mysql -e "
        "MYSQL_ROOT_PASSWORD=x mysql:5.7)\n"
        "WP_CID=$( \\\n"
        "docker create \\\n"
        "--network db-net \\\n"
        "wordpress \\\n"
        ")\n"
    )


def test_sudo_docker_and_indentation_in_a_function() -> None:
    text = (
        "start() {\n"
        "    sudo docker run -d --name db postgres\n"
        "    sudo docker run -d --link db:db web\n"
        "}\n"
    )
    assert fix(text) == (
        "start() {\n"
        "    sudo docker network inspect db-net >/dev/null 2>&1 || sudo docker network "
        "create db-net\n"
        "    sudo docker run --network db-net -d --name db postgres\n"
        "    sudo docker run -d --network db-net web\n"
        "}\n"
    )


def test_docker_in_a_variable() -> None:
    text = '"$DOCKER" run -d --link db:db web\n'
    assert fix(text) == (
        '"$DOCKER" network inspect db-net >/dev/null 2>&1 || "$DOCKER" network create db-net\n'
        '"$DOCKER" network connect db-net db 2>/dev/null || true\n'
        '"$DOCKER" run -d --network db-net web\n'
    )


def test_links_in_an_assignment() -> None:
    text = 'LINKS="--link db:db --link cache:cache"\ndocker run -d $LINKS web\n'
    assert fix(text) == (
        'LINKS=""\n'
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker network connect db-net db 2>/dev/null || true\n"
        "docker network connect db-net cache 2>/dev/null || true\n"
        "docker run --network db-net -d $LINKS web\n"
    )


def test_links_in_an_assignment_with_other_flags() -> None:
    text = (
        'APP_LINKS="--link postgres:postgres --volume /vagrant:/app --link redis:redis"\n'
        "docker run --rm $APP_LINKS app\n"
    )
    out = fix(text)
    assert out.splitlines()[0] == 'APP_LINKS="--volume /vagrant:/app"'
    assert out.splitlines()[-1] == "docker run --network db-net --rm $APP_LINKS app"


def test_links_in_an_array() -> None:
    text = 'ARGS=(-d)\nARGS+=(--link "db:db")\ndocker run "${ARGS[@]}" web\n'
    assert fix(text) == (
        "ARGS=(-d)\n"
        "ARGS+=()\n"
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker network connect db-net db 2>/dev/null || true\n"
        'docker run --network db-net "${ARGS[@]}" web\n'
    )


def test_network_bridge_is_replaced() -> None:
    text = (
        "docker run -d --name db --net=bridge postgres\n"
        "docker run --network bridge --link db:db web\n"
    )
    assert fix(text) == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run -d --name db --net=db-net postgres\n"
        "docker run --network db-net web\n"
    )


def test_existing_network_creation_is_kept() -> None:
    text = (
        "docker network create db-net || true\ndocker run -d --name db postgres\n"
        "docker run --link db:db web\n"
    )
    assert fix(text) == (
        "docker network create db-net || true\n"
        "docker run --network db-net -d --name db postgres\n"
        "docker run --network db-net web\n"
    )


def test_already_on_the_network() -> None:
    text = (
        "docker run -d --network appnet --name db postgres\n"
        "docker run -d --network appnet --link db myapp\n"
    )
    assert fix(text, lambda f: _plan(f, "appnet", join=False, create=False)) == (
        "docker run -d --network appnet --name db postgres\ndocker run -d --network appnet myapp\n"
    )


def test_env_values_are_quoted() -> None:
    text = "docker run -d --name db postgres\ndocker run --link db:db web\n"

    def plan(f: FileFacts) -> Plan:
        env = [
            ExplicitEnv("DB_NAME", "/web/db"),
            ExplicitEnv("DB_ENV_MSG", "hello world"),
            ExplicitEnv("DB_ENV_Q", "it's"),
            ExplicitEnv(
                "DB_ENV_PASSWORD", None, reference="POSTGRES_PASSWORD", exactness="reference"
            ),
        ]
        return _plan(f, env={f.containers[1].key: env})

    assert fix(text, plan).splitlines()[-1] == (
        "docker run --network db-net -e DB_NAME=/web/db -e DB_ENV_MSG='hello world' "
        "-e DB_ENV_Q='it'\\''s' -e DB_ENV_PASSWORD=\"$POSTGRES_PASSWORD\" web"
    )


def test_crlf_file_keeps_its_line_endings() -> None:
    text = "docker run -d --name db postgres\r\ndocker run -d \\\r\n  --link db:db \\\r\n  web\r\n"
    assert fix(text) == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\r\n"
        "docker run --network db-net -d --name db postgres\r\n"
        "docker run -d \\\r\n"
        "  --network db-net \\\r\n"
        "  web\r\n"
    )


def test_network_name_with_a_variable_is_quoted() -> None:
    text = "docker run -d --name db postgres\ndocker run --link db:db web\n"
    out = fix(text, lambda f: _plan(f, "$NET"))
    assert out.splitlines()[0] == (
        'docker network inspect "$NET" >/dev/null 2>&1 || docker network create "$NET"'
    )


def test_inside_a_string_run_by_another_shell() -> None:
    text = 'vagrant ssh -c "docker run --rm --link db:db app"\n'
    out = fix(text)
    assert out == (
        'vagrant ssh -c "docker network inspect db-net >/dev/null 2>&1 || docker network create '
        "db-net; docker network connect db-net db 2>/dev/null || true; "
        'docker run --rm --network db-net app"\n'
    )


def test_inline_when_the_statement_shares_its_line() -> None:
    text = "cd /app; docker run --link db:db web\n"
    assert fix(text) == (
        "cd /app; docker network inspect db-net >/dev/null 2>&1 || docker network create db-net; "
        "docker network connect db-net db 2>/dev/null || true; docker run --network db-net web\n"
    )


def test_makefile_recipe() -> None:
    mk = (
        "test:\n\t@docker run -d --name $(TAG)-redis redis\n"
        "\t@docker run --rm --link $(TAG)-redis:redis $(IMG)\n"
    )
    src = SourceText("Makefile", mk)
    facts = FileFacts("Makefile", "makefile")
    start = mk.index("\t@docker")
    frag = mk[start:]
    extract_fragment(facts, src, frag, OffsetMap.identity(start, len(frag)), ctx(), dialect="make")
    plan = _plan(facts, "$NET", aliases={"$(TAG)-redis": ["redis"]})
    edits = shell_edits(plan, {"Makefile": src})
    assert edits is not None
    assert apply_edits(mk, edits) == (
        "test:\n"
        '\t@docker network inspect "$$NET" >/dev/null 2>&1 || docker network create "$$NET"\n'
        '\t@docker run --network "$$NET" --network-alias redis -d --name $(TAG)-redis redis\n'
        '\t@docker run --rm --network "$$NET" $(IMG)\n'
    )


def test_writer_refuses_hosts_it_cannot_escape_for() -> None:
    text = 'subprocess.call("docker run --link db:db web", shell=True)\n'
    src = SourceText("x.py", text)
    facts = FileFacts("x.py", "python")
    start = text.index("docker")
    frag = text[start : text.index('"', start)]
    extract_fragment(facts, src, frag, OffsetMap.identity(start, len(frag)), ctx())
    assert facts.links
    assert shell_edits(_plan(facts), {"x.py": src}) is None


def test_writer_ignores_other_languages() -> None:
    text = "docker run --link db:db web\n"
    src = SourceText("run.sh", text)
    facts = SOURCE.extract(src, ctx())
    plan = _plan(facts)
    plan.consumers[0].container.language = "compose"
    assert shell_edits(plan, {"run.sh": src}) == []


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("db", "db"),
        ("tcp://db:5432", "tcp://db:5432"),
        ("a b", "'a b'"),
        ("it's", "'it'\\''s'"),
        ("$NET", '"$NET"'),
        ("pg-${APP}", '"pg-${APP}"'),
        ("$(rm -rf /)", "'$(rm -rf /)'"),
        ("", "''"),
    ],
)
def test_shell_quote(value: str, word: str) -> None:
    assert shell_quote(value) == word
