"""Reads of link env vars: every expansion form, and what is not a read."""

from __future__ import annotations

import pytest

from .helpers import at, extract, reads


@pytest.mark.parametrize(
    "line",
    [
        "echo $DB_PORT_5432_TCP_ADDR",
        "echo ${DB_PORT_5432_TCP_ADDR}",
        "echo ${DB_PORT_5432_TCP_ADDR:-localhost}",
        "echo ${DB_PORT_5432_TCP_ADDR-x} ${DB_PORT_5432_TCP_ADDR:=x}",
        "echo ${#DB_PORT_5432_TCP_ADDR} ${DB_PORT_5432_TCP_ADDR%%.*}",
        "echo ${DB_PORT_5432_TCP_ADDR/a/b} ${DB_PORT_5432_TCP_ADDR:?unset}",
        'echo "host=$DB_PORT_5432_TCP_ADDR"',
        "echo `echo $DB_PORT_5432_TCP_ADDR`",
        "x=$(echo $DB_PORT_5432_TCP_ADDR)",
        "[[ -n $DB_PORT_5432_TCP_ADDR ]]",
        "[ ${DB_PORT_5432_TCP_ADDR} ]",
        "case $DB_PORT_5432_TCP_ADDR in *) ;; esac",
        "echo $(( DB_PORT_5432_TCP_PORT + 1 ))",
        "(( DB_PORT_5432_TCP_PORT > 0 ))",
        "DB_HOST=${DB_HOST:-${DB_PORT_5432_TCP_ADDR}}",
        ": ${DB_PORT_5432_TCP_PORT:=5432}",
        'sed -i "s/{{P}}/$DB_PORT_5432_TCP_PORT/" conf',
        "nc -z $DB_PORT_5432_TCP_ADDR $DB_PORT_5432_TCP_PORT",
        "echo ${DB_ENV_POSTGRES_USER}",
    ],
)
def test_read_forms(line: str) -> None:
    text = line + "\n"
    found = extract(text).reads
    assert found, line
    for r in found:
        assert at(text, r.span) == r.name
        assert r.container_key is None


def test_heredocs() -> None:
    text = (
        "cat <<EOF\n$DB_PORT_5432_TCP_ADDR ${DB_ENV_X}\nEOF\ncat <<'EOF'\n"
        "$DB_PORT_5432_TCP_PORT\nEOF\n"
    )
    assert [r[0] for r in reads(text, extract(text))] == ["DB_PORT_5432_TCP_ADDR", "DB_ENV_X"]


@pytest.mark.parametrize(
    "line",
    [
        "# echo $DB_PORT_5432_TCP_ADDR",
        "echo '$DB_PORT_5432_TCP_ADDR'",
        "unset DB_PORT_5432_TCP_ADDR",
        "export DB_PORT_5432_TCP_ADDR",
        "export DB_PORT_5432_TCP_ADDR=1",
        "DB_PORT_5432_TCP_ADDR=10.0.0.1",
        "local DB_PORT_5432_TCP_ADDR",
        "echo DB_PORT_5432_TCP_ADDR is not set",
        "echo 'use --link db:db and read DB_PORT_5432_TCP_ADDR'",
        "echo \\$DB_PORT_5432_TCP_ADDR",
        "echo $NODE_ENV_X $HOME $PATH",
    ],
)
def test_not_reads(line: str) -> None:
    assert extract(line + "\n").reads == []


def test_ambiguous_names_need_a_known_prefix() -> None:
    text = "echo $DB_PORT $DB_NAME $CACHE_PORT\n"
    assert [r.name for r in extract(text, prefixes=frozenset({"DB"})).reads] == [
        "DB_PORT",
        "DB_NAME",
    ]
    assert extract(text, prefixes=frozenset()).reads == []


def test_indirect_reads() -> None:
    text = (
        "for name in BACKEND_PORT_80_TCP_ADDR OTHER\n"
        "do\n"
        "\teval value=\\$$name\n"
        '\tsed -i "s|${name}|${value}|g" /etc/x\n'
        "done\n"
        'for v in DB_PORT_5432_TCP_ADDR; do echo "${!v}"; done\n'
        "for w in DB_PORT_5432_TCP_PORT; do echo $w; done\n"
        "echo ${!CACHE_PORT_6379_TCP}\n"
    )
    found = extract(text).reads
    assert [(r.name, r.indirect) for r in found] == [
        ("BACKEND_PORT_80_TCP_ADDR", True),
        ("DB_PORT_5432_TCP_ADDR", True),
        ("CACHE_PORT_6379_TCP", True),
    ]
    assert reads(text, extract(text))[0] == ("BACKEND_PORT_80_TCP_ADDR", 1, 13)


def test_printenv() -> None:
    text = "printenv DB_PORT_5432_TCP_ADDR HOME\n"
    assert reads(text, extract(text)) == [("DB_PORT_5432_TCP_ADDR", 1, 10)]


def test_eval_strings_are_read_as_shell() -> None:
    text = "eval \"export HOST=\\$DB_PORT_5432_TCP_ADDR\"\neval 'echo $REDIS_PORT_6379_TCP_PORT'\n"
    assert [r[0] for r in reads(text, extract(text))] == [
        "DB_PORT_5432_TCP_ADDR",
        "REDIS_PORT_6379_TCP_PORT",
    ]


def test_container_script_single_quoted() -> None:
    text = (
        "docker run --rm --link db:db postgres sh -c "
        "'psql -h $DB_PORT_5432_TCP_ADDR -p \"$DB_PORT_5432_TCP_PORT\"'\n"
    )
    f = extract(text)
    key = f.containers[0].key
    assert reads(text, f) == [("DB_PORT_5432_TCP_ADDR", 1, 55), ("DB_PORT_5432_TCP_PORT", 1, 82)]
    assert all(r.container_key == key for r in f.reads)


def test_container_script_double_quoted() -> None:
    # in double quotes the host expands $X; only \$X reaches the container
    text = 'docker run --link db:db img bash -ec "echo $DB_ENV_A \\$DB_ENV_B"\n'
    f = extract(text)
    key = f.containers[0].key
    assert [(r.name, r.container_key) for r in f.reads] == [("DB_ENV_A", None), ("DB_ENV_B", key)]
    assert [at(text, r.span) for r in f.reads] == ["DB_ENV_A", "DB_ENV_B"]


@pytest.mark.parametrize(
    "command",
    [
        "sh -c '{script}'",
        "/bin/sh -c '{script}'",
        "bash -c '{script}'",
        "sh -ec '{script}'",
        "bash -e -o pipefail -c '{script}'",
        "env bash -c '{script}'",
    ],
)
def test_container_script_shells(command: str) -> None:
    script = "echo $INFLUXDB_ENV_INFLUXDB_ADMIN_USER"
    text = "docker run --link=influxdb img " + command.format(script=script) + "\n"
    f = extract(text)
    assert [(r.name, r.container_key) for r in f.reads] == [
        ("INFLUXDB_ENV_INFLUXDB_ADMIN_USER", f.containers[0].key)
    ]


def test_entrypoint_shell() -> None:
    text = "docker run --entrypoint /bin/sh --link a:a img -c 'echo $A_PORT_1_TCP'\n"
    f = extract(text)
    assert [(r.name, r.container_key) for r in f.reads] == [("A_PORT_1_TCP", f.containers[0].key)]


def test_multi_line_container_script() -> None:
    text = (
        "docker run -it --link mariadb:mysql --rm mariadb sh -c '\n"
        '  exec mysql -h"$MYSQL_PORT_3306_TCP_ADDR" \\\n'
        '    -P"$MYSQL_PORT_3306_TCP_PORT" \\\n'
        '    -p"$MYSQL_ENV_MYSQL_ROOT_PASSWORD"\'\n'
    )
    f = extract(text)
    assert [(n, row) for n, row, _ in reads(text, f)] == [
        ("MYSQL_PORT_3306_TCP_ADDR", 2),
        ("MYSQL_PORT_3306_TCP_PORT", 3),
        ("MYSQL_ENV_MYSQL_ROOT_PASSWORD", 4),
    ]


def test_docker_exec_script_is_in_container_but_unknown() -> None:
    text = "docker exec web sh -c 'echo $DB_PORT_5432_TCP_ADDR'\n"
    f = extract(text)
    assert [(r.name, r.container_key) for r in f.reads] == [("DB_PORT_5432_TCP_ADDR", None)]
    assert f.containers == []


def test_reads_in_backticks_keep_positions() -> None:
    text = "curl -s `echo $INSIDEWEB_PORT_80_TCP_ADDR`:`echo $INSIDEWEB_PORT_80_TCP_PORT`\n"
    assert reads(text, extract(text)) == [
        ("INSIDEWEB_PORT_80_TCP_ADDR", 1, 16),
        ("INSIDEWEB_PORT_80_TCP_PORT", 1, 51),
    ]


def test_env_set_by_hand_is_a_shim() -> None:
    text = "docker run -e REDIS_PORT_6379_TCP=tcp://10.0.0.5:6379 --env=DB_ENV_X=1 myapp\n"
    f = extract(text)
    assert [(x.name, at(text, x.span), x.container_key) for x in f.env_sets] == [
        ("REDIS_PORT_6379_TCP", "REDIS_PORT_6379_TCP", f.containers[0].key),
        ("DB_ENV_X", "DB_ENV_X", f.containers[0].key),
    ]
    assert f.reads == []


def test_quoted_heredoc_is_the_container_script() -> None:
    text = (
        "docker run -i --link a:a x sh <<'EOF'\n"
        "echo $A_PORT_1_TCP\n"
        "EOF\n"
        "docker run -i --link b:b x sh <<EOF\n"
        "echo $B_PORT_1_TCP \\$B_ENV_X\n"
        "EOF\n"
    )
    f = extract(text)
    first, second = f.containers
    # an unquoted body is expanded by the host first: $B... is the host's, \$B... the container's
    assert [(r.name, r.container_key) for r in f.reads] == [
        ("A_PORT_1_TCP", first.key),
        ("B_PORT_1_TCP", None),
        ("B_ENV_X", second.key),
    ]
    assert [at(text, r.span) for r in f.reads] == ["A_PORT_1_TCP", "B_PORT_1_TCP", "B_ENV_X"]


def test_an_ambiguous_name_the_script_assigns_is_its_own() -> None:
    """`HUB_NAME=$(docker inspect …)` then `$HUB_NAME`: the script's own variable, even
    where `hub` is a known alias; a default from itself (`DB_NAME=${DB_NAME:-x}`) and an
    unambiguous link var name are still reads."""
    text = (
        "HUB_NAME=$(docker inspect -f '{{ .Name }}' $HUB)\n"
        "docker run -d --link $HUB_NAME:hub node\n"
        'DB_NAME="${DB_NAME:-app}"\n'
        "HUB_PORT_4444_TCP_ADDR=127.0.0.1\n"
        'echo "$HUB_PORT_4444_TCP_ADDR"\n'
    )
    facts = extract(text, prefixes=frozenset({"HUB", "DB"}))
    assert reads(text, facts) == [
        ("DB_NAME", 3, 12),
        ("HUB_PORT_4444_TCP_ADDR", 5, 8),
    ]
