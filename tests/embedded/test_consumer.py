"""The consumer scanner: link env reads in other languages, shims in settings files."""

from __future__ import annotations

import pytest

from delink.settings import Settings
from delink.sources import Context
from delink.sources.consumer import SOURCE, profile_for
from delink.text import SourceText

from .helpers import extract, reads, sets


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "app.js",
            "const host = process.env.DB_PORT_5432_TCP_ADDR || 'localhost'\n"
            "const port = process.env['DB_PORT_5432_TCP_PORT']\n"
            "const u = process.env?.DB_ENV_POSTGRES_USER\n",
            [
                (1, 26, "DB_PORT_5432_TCP_ADDR"),
                (2, 27, "DB_PORT_5432_TCP_PORT"),
                (3, 24, "DB_ENV_POSTGRES_USER"),
            ],
        ),
        (
            "app.ts",
            "const {\n  REDIS_PORT_6379_TCP_ADDR,\n  REDIS_PORT_6379_TCP_PORT: port = '6379',\n"
            "} = process.env\n",
            [(2, 3, "REDIS_PORT_6379_TCP_ADDR"), (3, 3, "REDIS_PORT_6379_TCP_PORT")],
        ),
        (
            "db.rb",
            "host = ENV['MYSQL_PORT_3306_TCP_ADDR']\n"
            'port = ENV.fetch("MYSQL_PORT_3306_TCP_PORT", 3306)\n'
            "user = ENV.fetch 'MYSQL_ENV_MYSQL_USER'\n",
            [
                (1, 13, "MYSQL_PORT_3306_TCP_ADDR"),
                (2, 19, "MYSQL_PORT_3306_TCP_PORT"),
                (3, 19, "MYSQL_ENV_MYSQL_USER"),
            ],
        ),
        (
            "database.yml.erb",
            "host: <%= ENV.fetch('DB_1_PORT_5432_TCP_ADDR', 'localhost') %>\n"
            "# port: <%= ENV['DB_1_PORT_5432_TCP_PORT'] %>\n",
            [(1, 22, "DB_1_PORT_5432_TCP_ADDR")],
        ),
        (
            "config.php",
            "<?php\n$h = getenv('DB_PORT_3306_TCP_ADDR');\n$u = $_ENV[\"DB_ENV_MYSQL_USER\"];\n"
            "$p = $_SERVER['DB_ENV_MYSQL_PASSWORD'];\n# $x = getenv('DB_ENV_OLD');\n",
            [
                (2, 14, "DB_PORT_3306_TCP_ADDR"),
                (3, 13, "DB_ENV_MYSQL_USER"),
                (4, 16, "DB_ENV_MYSQL_PASSWORD"),
            ],
        ),
        (
            "main.go",
            'h := os.Getenv("CACHE_PORT_11211_TCP_ADDR")\nv, ok := os.LookupEnv("CACHE_ENV_X")\n'
            '/* os.Getenv("CACHE_ENV_Y")\n*/\n',
            [(1, 17, "CACHE_PORT_11211_TCP_ADDR"), (2, 24, "CACHE_ENV_X")],
        ),
        (
            "App.java",
            'String h = System.getenv("DB_PORT_5432_TCP_ADDR"); // System.getenv("DB_ENV_A")\n'
            '@Value("${DB_PORT_5432_TCP_PORT}") int port;\n',
            [(1, 27, "DB_PORT_5432_TCP_ADDR"), (2, 11, "DB_PORT_5432_TCP_PORT")],
        ),
        (
            "run.pl",
            "my $h = $ENV{DB_PORT_5432_TCP_ADDR};\nmy $p = $ENV{'DB_PORT_5432_TCP_PORT'};\n",
            [(1, 14, "DB_PORT_5432_TCP_ADDR"), (2, 15, "DB_PORT_5432_TCP_PORT")],
        ),
        (
            "default.vcl.templ",
            'backend default {\n  .host = "${BACKEND_PORT_80_TCP_ADDR}";\n'
            '  .port = "$BACKEND_PORT_80_TCP_PORT";\n}\n# ${BACKEND_PORT_80_TCP_PROTO}\n',
            [(2, 14, "BACKEND_PORT_80_TCP_ADDR"), (3, 13, "BACKEND_PORT_80_TCP_PORT")],
        ),
        (
            "entry.tmpl",
            '{{ .Env.DB_PORT_5432_TCP_ADDR }} {{ env "DB_ENV_USER" }} {{ DB_ENV_PASS }}\n'
            "upstream DB_PORT_5432_TCP_PORT;\n",
            [
                (1, 9, "DB_PORT_5432_TCP_ADDR"),
                (1, 42, "DB_ENV_USER"),
                (1, 61, "DB_ENV_PASS"),
                (2, 10, "DB_PORT_5432_TCP_PORT"),
            ],
        ),
        (
            "supervisord.conf",
            "[program:x]\ncommand=app --db %(ENV_DB_PORT_5432_TCP_ADDR)s\n; %(ENV_DB_ENV_X)s\n",
            [(2, 24, "DB_PORT_5432_TCP_ADDR")],
        ),
        (
            "settings.lua",
            'local h = os.getenv("DB_PORT_5432_TCP_ADDR") -- os.getenv("DB_ENV_X")\n',
            [(1, 22, "DB_PORT_5432_TCP_ADDR")],
        ),
    ],
)
def test_reads_by_language(path: str, text: str, expected: list[tuple[int, int, str]]) -> None:
    src, facts = extract("consumer", text, path)
    assert reads(src, facts) == expected
    assert all(r.language == profile_for(path).language for r in facts.reads)


def test_mentions_are_not_reads() -> None:
    src, facts = extract(
        "consumer",
        "// process.env.DB_PORT_5432_TCP_ADDR\n"
        "console.log('set DB_PORT_5432_TCP_ADDR first')\n"
        "/* const x = process.env.DB_ENV_A */\n"
        "const url = 'http://x/*'; const y = process.env.DB_ENV_B\n",
        "a.js",
    )
    assert reads(src, facts) == [(4, 49, "DB_ENV_B")]


def test_string_literal_of_a_link_var_is_an_indirect_read() -> None:
    src, facts = extract("consumer", "const names = ['DB_PORT_5432_TCP_ADDR', 'DB_PORT']\n", "a.js")
    assert reads(src, facts) == [(1, 17, "DB_PORT_5432_TCP_ADDR")]
    assert facts.reads[0].indirect


def test_ambiguous_names_need_a_known_prefix() -> None:
    text = "const a = process.env.REDIS_PORT\nconst b = process.env.DB_NAME\n"
    src = SourceText("a.js", text)
    every = SOURCE.extract(src, Context(Settings()))
    assert [r.name for r in every.reads] == ["REDIS_PORT", "DB_NAME"]
    only_db = SOURCE.extract(src, Context(Settings(), known_prefixes=frozenset({"DB"})))
    assert [r.name for r in only_db.reads] == ["DB_NAME"]


def test_denylisted_env_prefix_is_not_a_link_var() -> None:
    _src, facts = extract("consumer", "process.env.NODE_ENV_FILE\nprocess.env.NODE_ENV\n", "a.js")
    assert facts.reads == []


def test_dotenv_shims_and_reads() -> None:
    src, facts = extract(
        "consumer",
        "# PLATFORM_PORT_80_TCP_PORT=1\r\nPLATFORM_PORT_80_TCP_PORT=80\r\n"
        "export REDIS_PORT_6379_TCP=tcp://cache:6379\r\nDB_PORT=5432\r\n"
        "DB_HOST=${DB_PORT_5432_TCP_ADDR}\r\n",
        ".env",
    )
    assert sets(src, facts) == [(2, 1, "PLATFORM_PORT_80_TCP_PORT"), (3, 8, "REDIS_PORT_6379_TCP")]
    assert reads(src, facts) == [(5, 11, "DB_PORT_5432_TCP_ADDR")]


def test_yaml_shims() -> None:
    src, facts = extract(
        "consumer",
        "env:\n  - REDIS_PORT_6379_TCP=tcp://x:1\n  DB_PORT_5432_TCP_ADDR: db\n"
        "  - name: MQ_PORT_5672_TCP_ADDR\n    value: mq\n  # CACHE_PORT_11211_TCP: x\n"
        "  cmd: $(API_PORT_80_TCP_ADDR)\n",
        "k8s.yaml",
    )
    assert sets(src, facts) == [
        (2, 5, "REDIS_PORT_6379_TCP"),
        (3, 3, "DB_PORT_5432_TCP_ADDR"),
        (4, 11, "MQ_PORT_5672_TCP_ADDR"),
    ]
    assert reads(src, facts) == [(7, 10, "API_PORT_80_TCP_ADDR")]


def test_shebang_picks_the_language() -> None:
    src, facts = extract("consumer", "#!/usr/bin/env node\nprocess.env.DB_ENV_X\n", "bin/start")
    assert reads(src, facts) == [(2, 13, "DB_ENV_X")]
    assert facts.reads[0].language == "javascript"


def test_consumer_validate_is_none() -> None:
    a = SourceText("a.js", "x")
    assert SOURCE.validate(a, SourceText("a.js", "y")) is None
