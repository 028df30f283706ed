"""Patterns from real repositories (small scripts written for these tests, imitating
the shapes listed in the corpus manifest; no third-party file is copied)."""

from __future__ import annotations

from delink.text import SourceText

from .helpers import at, extract, reads


def rows(text: str, spans: list[object]) -> list[int]:
    src = SourceText("x", text)
    return [src.position(s.start)[0] for s in spans]  # type: ignore[attr-defined]


def test_client_with_variable_target_and_container_reads() -> None:
    text = (
        "#!/bin/bash\n"
        "\n"
        "docker run \\\n"
        "  -it \\\n"
        "  --link pg-$SERVICE:pg \\\n"
        "  --rm \\\n"
        "  postgres:15 \\\n"
        "  sh -c \\\n"
        '  \'exec psql -h "$PG_PORT_5432_TCP_ADDR" -p "$PG_PORT_5432_TCP_PORT" -U app\'\n'
    )
    f = extract(text)
    (link,) = f.links
    assert at(text, link.span) == "--link pg-$SERVICE:pg"
    assert rows(text, [link.span]) == [5]
    assert link.target is not None and link.target.display == "pg-$SERVICE"
    assert link.alias is not None and link.alias.literal == "pg"
    key = f.containers[0].key
    assert [(n, row) for n, row, _ in reads(text, f)] == [
        ("PG_PORT_5432_TCP_ADDR", 9),
        ("PG_PORT_5432_TCP_PORT", 9),
    ]
    assert all(r.container_key == key for r in f.reads)


def test_equals_form_without_alias_and_env_passthrough() -> None:
    text = (
        "#!/usr/bin/env bash\n"
        "docker run -it --rm \\\n"
        "    --link=metrics \\\n"
        "    influxdb:1.8 \\\n"
        '    sh -c \'influx -host metrics -username "$METRICS_ENV_ADMIN_USER" '
        '-password "$METRICS_ENV_ADMIN_PASSWORD"\'\n'
    )
    f = extract(text)
    (link,) = f.links
    assert (at(text, link.span), link.alias.literal if link.alias else None) == (
        "--link=metrics",
        "metrics",
    )
    assert [r.name for r in f.reads] == ["METRICS_ENV_ADMIN_USER", "METRICS_ENV_ADMIN_PASSWORD"]
    assert [(h.host, h.container_key) for h in f.hostnames] == [("metrics", f.containers[0].key)]


def test_create_inside_multi_line_substitution_with_commented_agent() -> None:
    text = (
        "#!/bin/sh\n"
        "\n"
        "DB_CID=$(docker create -e MYSQL_ROOT_PASSWORD=demo mysql:5.7)\n"
        "docker start $DB_CID\n"
        "\n"
        "WP_CID=$( \\\n"
        "docker create \\\n"
        "--link $DB_CID:mysql \\\n"
        "-p 8000:80 \\\n"
        "--read-only \\\n"
        "-v /run/apache2/ \\\n"
        "--tmpfs /tmp \\\n"
        "wordpress:5.0 \\\n"
        ")\n"
        "docker start $WP_CID\n"
        "\n"
        "# AGENT_CID=$( \\\n"
        "# docker create \\\n"
        "# --link $WP_CID:insideweb \\\n"
        "# --link $MAILER_CID:insidemailer \\\n"
        "# agent:1.0 \\\n"
        "# )\n"
    )
    f = extract(text)
    (link,) = f.links
    assert rows(text, [link.span]) == [8]
    assert link.target_container is f.containers[0]
    assert f.containers[1].image is not None and f.containers[1].image.literal == "wordpress:5.0"
    assert f.problems == []


def test_links_variable_spliced_into_a_remote_command() -> None:
    text = (
        "#!/usr/bin/env sh\n"
        "\n"
        'ARGS="$@"\n'
        'APP_LINKS="--link postgres:postgres --link redis:redis --link api-server:api-server '
        '--volume /vagrant:/app"\n'
        "\n"
        'vagrant ssh -c "docker run --rm $APP_LINKS app $ARGS"\n'
    )
    f = extract(text)
    assert [at(text, x.span) for x in f.links] == [
        "--link postgres:postgres",
        "--link redis:redis",
        "--link api-server:api-server",
    ]
    assert rows(text, [x.span for x in f.links]) == [4, 4, 4]
    (via,) = f.links_via
    assert at(text, via.span) == "$APP_LINKS" and rows(text, [via.span]) == [6]
    c = f.containers[0]
    assert c.image is not None and c.image.literal == "app"


def test_five_equals_form_links() -> None:
    text = (
        "docker run -d --name chat \\\n"
        + "".join(
            f"    --link=chat_{s}:{s} \\\n"
            for s in ("database", "memcached", "rabbitmq", "camo", "redis")
        )
        + "    chat/server:2.0\n"
    )
    f = extract(text)
    assert [x.alias.literal for x in f.links if x.alias] == [
        "database",
        "memcached",
        "rabbitmq",
        "camo",
        "redis",
    ]
    assert rows(text, [x.span for x in f.links]) == [2, 3, 4, 5, 6]


def test_grid_nodes() -> None:
    text = (
        "docker run -d -p 4444:4444 --name grid-hub selenium/hub\n"
        "for browser in chrome firefox; do\n"
        "  docker run -d --link grid-hub:hub selenium/node-$browser\n"
        "done\n"
        "docker run -d --link grid-hub:hub -e SCREEN_WIDTH=1280 selenium/node-edge\n"
    )
    f = extract(text)
    assert [x.alias.literal for x in f.links if x.alias] == ["hub", "hub"]
    assert rows(text, [x.span for x in f.links]) == [3, 5]


def test_entrypoint_with_link_detection_and_error_message() -> None:
    text = (
        "#!/bin/bash\n"
        "set -e\n"
        "\n"
        'if [ -n "$MYSQL_PORT_3306_TCP" ]; then\n'
        '\tif [ -z "$APP_DB_HOST" ]; then\n'
        "\t\tAPP_DB_HOST='mysql'\n"
        "\telse\n"
        "\t\techo >&2 'warning: both APP_DB_HOST and MYSQL_PORT_3306_TCP found'\n"
        "\tfi\n"
        "fi\n"
        'if [ -z "$APP_DB_HOST" ]; then\n'
        "\techo >&2 '  Did you forget to --link some_mysql_container:mysql ?'\n"
        "\texit 1\n"
        "fi\n"
        ": ${APP_DB_USER:=${MYSQL_ENV_MYSQL_USER:-root}}\n"
        'if [ "$APP_DB_USER" = "root" ]; then\n'
        "\t: ${APP_DB_PASSWORD:=$MYSQL_ENV_MYSQL_ROOT_PASSWORD}\n"
        "fi\n"
    )
    f = extract(text)
    assert f.links == [] and f.containers == []
    assert [(n, row) for n, row, _ in reads(text, f)] == [
        ("MYSQL_PORT_3306_TCP", 4),
        ("MYSQL_ENV_MYSQL_USER", 15),
        ("MYSQL_ENV_MYSQL_ROOT_PASSWORD", 17),
    ]
    assert [h.host for h in f.hostnames] == ["mysql"]


def test_runtime_functions_with_fallbacks() -> None:
    text = (
        "finalize_database() {\n"
        "  if [[ -n ${POSTGRESQL_PORT_5432_TCP_ADDR} ]]; then\n"
        "    DB_HOST=${DB_HOST:-${POSTGRESQL_PORT_5432_TCP_ADDR}}\n"
        "    DB_USER=${DB_USER:-${POSTGRESQL_ENV_POSTGRES_USER}}\n"
        "  fi\n"
        "  case ${DB_ADAPTER} in\n"
        "    postgresql) DB_PORT=${DB_PORT:-5432} ;;\n"
        "  esac\n"
        "}\n"
    )
    f = extract(text, prefixes=frozenset())
    assert [(n, row) for n, row, _ in reads(text, f)] == [
        ("POSTGRESQL_PORT_5432_TCP_ADDR", 2),
        ("POSTGRESQL_PORT_5432_TCP_ADDR", 3),
        ("POSTGRESQL_ENV_POSTGRES_USER", 4),
    ]


def test_default_reassignment_sed_and_wait_loop() -> None:
    text = (
        "#!/bin/sh\n"
        "DB_PORT_5432_TCP_PORT=${DB_PORT_5432_TCP_PORT:-5432}\n"
        'sed -i "s/DB_PORT_PLACEHOLDER/$DB_PORT_5432_TCP_PORT/" /config.json\n'
        "until nc -z ${DB_PORT_5432_TCP_ADDR} ${DB_PORT_5432_TCP_PORT}; do\n"
        '  echo "waiting for $DB_PORT_5432_TCP_ADDR"\n'
        "  sleep 1\n"
        "done\n"
    )
    f = extract(text)
    assert [(n, row, col) for n, row, col in reads(text, f)] == [
        ("DB_PORT_5432_TCP_PORT", 2, 25),
        ("DB_PORT_5432_TCP_PORT", 3, 32),
        ("DB_PORT_5432_TCP_ADDR", 4, 15),
        ("DB_PORT_5432_TCP_PORT", 4, 40),
        ("DB_PORT_5432_TCP_ADDR", 5, 22),
    ]


def test_indirect_read_loop_and_template() -> None:
    text = (
        "#!/bin/bash\n"
        "\n"
        "for name in BACKEND_PORT_80_TCP_ADDR\n"
        "do\n"
        "\teval value=\\$$name\n"
        '\tsed -i "s|\\${${name}}|${value}|g" /etc/varnish/default.vcl\n'
        "done\n"
    )
    f = extract(text)
    assert [(r.name, r.indirect) for r in f.reads] == [("BACKEND_PORT_80_TCP_ADDR", True)]
    assert reads(text, f)[0][1:] == (3, 13)


def test_backtick_reads() -> None:
    text = (
        "#!/bin/sh\n"
        "while true; do\n"
        "  if [ `curl -s -o /dev/null -w '%{http_code}' "
        "http://${WEB_PORT_80_TCP_ADDR}:${WEB_PORT_80_TCP_PORT}` != 200 ]; then\n"
        "    echo alert | nc $MAILER_PORT_33333_TCP_ADDR $MAILER_PORT_33333_TCP_PORT\n"
        "  fi\n"
        "done\n"
    )
    f = extract(text)
    assert [(n, row) for n, row, _ in reads(text, f)] == [
        ("WEB_PORT_80_TCP_ADDR", 3),
        ("WEB_PORT_80_TCP_PORT", 3),
        ("MAILER_PORT_33333_TCP_ADDR", 4),
        ("MAILER_PORT_33333_TCP_PORT", 4),
    ]


def test_eval_of_a_command_string() -> None:
    text = (
        'BUILD="docker run -d --name db postgres && docker run --link db app npm test"\n'
        "eval $BUILD\n"
    )
    f = extract(text)
    assert [at(text, x.span) for x in f.links] == ["--link db"]
    assert rows(text, [f.links[0].span]) == [1]
    assert [c.name.literal for c in f.containers if c.name] == ["db"]


def test_ambassador_shims_and_bare_port_var() -> None:
    text = (
        "docker run -d --name redis_ambassador --expose 6379 "
        "-e REDIS_PORT_6379_TCP=tcp://192.168.1.52:6379 svendowideit/ambassador\n"
        "docker run -i -t --rm --link redis_ambassador:redis relateiq/redis-cli\n"
        'IP=$(echo "$NSQLOOKUPD_PORT" | sed -e "s|tcp://||")\n'
    )
    f = extract(text, prefixes=frozenset({"NSQLOOKUPD", "REDIS"}))
    assert [x.name for x in f.env_sets] == ["REDIS_PORT_6379_TCP"]
    assert [at(text, x.span) for x in f.links] == ["--link redis_ambassador:redis"]
    assert [r.name for r in f.reads] == ["NSQLOOKUPD_PORT"]


def test_docs_comment_with_single_dash_link_is_not_a_link() -> None:
    text = (
        "#!/bin/sh\n# usage: docker run -link some_container:nsqlookupd nsqadmin\nexec nsqadmin\n"
    )
    assert extract(text).links == []
