"""Link env reads in Python: accessors, helpers, built names, indirect reads, mentions,
and the text-only path (which must agree with the parsed one)."""

from __future__ import annotations

import pytest

from delink.facts import FileFacts
from delink.settings import Settings
from delink.sources import Context
from delink.sources.python import SOURCE, _read_tree, parse
from delink.sources.python.quick import quick_reads, route
from delink.text import SourceText

from .helpers import at, facts


def reads(code: str) -> list[tuple[str, str, bool, bool]]:
    """(name, the characters its span covers, built, indirect)."""
    return [
        (r.name, code[r.span.start : r.span.end], r.built, r.indirect) for r in facts(code).reads
    ]


@pytest.mark.parametrize(
    "code",
    [
        "import os\nx = os.environ['DB_PORT_5432_TCP_ADDR']\n",
        "import os\nx = os.environ.get('DB_PORT_5432_TCP_ADDR', 'localhost')\n",
        "import os\nx = os.environ.setdefault('DB_PORT_5432_TCP_ADDR', 'x')\n",
        "import os\nx = os.getenv('DB_PORT_5432_TCP_ADDR')\n",
        "from os import environ\nx = environ['DB_PORT_5432_TCP_ADDR']\n",
        "from os import environ as E\nx = E.get('DB_PORT_5432_TCP_ADDR')\n",
        "from os import getenv\nx = getenv('DB_PORT_5432_TCP_ADDR')\n",
        "import os\nif 'DB_PORT_5432_TCP_ADDR' in os.environ:\n    pass\n",
        "x = env('DB_PORT_5432_TCP_ADDR')\n",
        "x = config('DB_PORT_5432_TCP_ADDR', default='db')\n",
        "x = env.str('DB_PORT_5432_TCP_ADDR')\n",
        "import os\nNAME = 'DB_PORT_5432_TCP_ADDR'\nx = os.environ[NAME]\n",
    ],
)
def test_accessors(code: str) -> None:
    got = facts(code).reads
    assert [r.name for r in got] == ["DB_PORT_5432_TCP_ADDR"]
    (r,) = got
    assert r.language == "python" and not r.built


def test_spans_are_the_name_characters() -> None:
    code = (
        "import os\nx = os.environ[\"DB_PORT_5432_TCP_ADDR\"]\ny = os.environ.get(r'DB_ENV_USER')\n"
    )
    assert [(n, s) for n, s, _, _ in reads(code)] == [
        ("DB_PORT_5432_TCP_ADDR", "DB_PORT_5432_TCP_ADDR"),
        ("DB_ENV_USER", "DB_ENV_USER"),
    ]


def test_ambiguous_shapes_only_in_env_accessors() -> None:
    code = (
        "import os\n"
        "a = os.environ.get('DB_PORT', '5432')\n"
        "b = env('DB_NAME')\n"
        "c = settings.get('DB_NAME')\n"
        "d = ['DB_PORT']\n"
    )
    assert [n for n, _, _, _ in reads(code)] == ["DB_PORT", "DB_NAME"]


def test_built_names() -> None:
    code = (
        "import os\n"
        "def f(alias, name, out):\n"
        "    prefix = 'mylink1'.upper()\n"
        "    assert '{0}_NAME='.format(prefix) in out\n"
        "    assert f'{prefix}_ENV_FOO=1' in out\n"
        "    x = os.environ.get(f'{alias.upper()}_ENV_{name}')\n"
        "    y = os.environ['%s_PORT_5432_TCP_ADDR' % alias.upper()]\n"
        "    z = os.environ[alias.upper() + '_PORT_5432_TCP_PORT']\n"
        "    w = '{0}_ENV_{1}'.format('db'.upper(), name)\n"
    )
    assert [(n, s, b) for n, s, b, _ in reads(code)] == [
        ("MYLINK1_NAME", "{0}_NAME", False),
        ("MYLINK1_ENV_FOO", "{prefix}_ENV_FOO", False),
        ("{ALIAS}_ENV_{NAME}", "{alias.upper()}_ENV_{name}", True),
        ("{ALIAS}_PORT_5432_TCP_ADDR", "%s_PORT_5432_TCP_ADDR", True),
        ("{ALIAS}_PORT_5432_TCP_PORT", "alias.upper() + '_PORT_5432_TCP_PORT", True),
        ("DB_ENV_{NAME}", "{0}_ENV_{1}", True),
    ]


def test_literal_names_are_indirect_reads() -> None:
    code = "NAMES = ['DB_PORT_5432_TCP_ADDR', 'DB_PORT', 'not a DB_PORT_5432_TCP_ADDR']\n"
    assert reads(code) == [("DB_PORT_5432_TCP_ADDR", "DB_PORT_5432_TCP_ADDR", False, True)]


def test_settings_are_not_reads() -> None:
    code = (
        "import os\nimport docker\n"
        "client = docker.from_env()\n"
        "client.containers.run('a', environment={'REDIS_PORT_6379_TCP': 'tcp://r:6379'})\n"
        "os.environ['DB_PORT_5432_TCP_ADDR'] = 'db'\n"
    )
    got = facts(code)
    assert got.reads == []
    assert [s.name for s in got.env_sets] == ["REDIS_PORT_6379_TCP", "DB_PORT_5432_TCP_ADDR"]


def test_mentions_are_not_reads() -> None:
    code = (
        '"""Reads DB_PORT_5432_TCP_ADDR, see `--link db:db`."""\n'
        "import logging, os\n"
        "log = logging.getLogger()\n"
        "print('DB_PORT_5432_TCP_ADDR')\n"
        "log.warning('set %s_PORT_5432_TCP_ADDR', 'DB')\n"
        "raise SystemExit('no DB_PORT_5432_TCP_ADDR')\n"
        "def f():\n"
        "    '''DB_PORT_5432_TCP_ADDR'''\n"
        "    print(os.environ['DB_ENV_USER'])\n"
    )
    assert [n for n, _, _, _ in reads(code)] == ["DB_ENV_USER"]


def test_shell_in_strings() -> None:
    code = (
        "import os, subprocess\n"
        "def run(server):\n"
        "    opt = \"--link %s:%s\" % (server.name, 'archive')\n"
        "    subprocess.check_call('docker run --rm --link db:db alpine sh -c "
        '"ping $DB_PORT_5432_TCP_ADDR"\', shell=True)\n'
        "    subprocess.check_call(['docker', 'run', '--link', f'{server.name}:cache', 'alpine'])\n"
        "    os.system('psql -h $PG_PORT_5432_TCP_ADDR')\n"
    )
    got = facts(code)
    assert [(x.value.display, code[x.span.start : x.span.end]) for x in got.links] == [
        ("${name}:archive", "--link %s:%s"),
        ("db:db", "--link db:db"),
        ("${name}:cache", "--link', f'{server.name}:cache"),
    ]
    assert [(r.name, code[r.span.start : r.span.end]) for r in got.reads] == [
        ("DB_PORT_5432_TCP_ADDR", "DB_PORT_5432_TCP_ADDR"),
        ("PG_PORT_5432_TCP_ADDR", "PG_PORT_5432_TCP_ADDR"),
    ]


def test_container_commands_are_read_inside_the_container() -> None:
    code = (
        "import docker\nclient = docker.from_env()\n"
        "client.containers.run('alpine', \"sh -c 'ping -c1 $DB_PORT_5432_TCP_ADDR'\", "
        "links={'db': 'db'})\n"
        "client.containers.run('alpine', ['sh', '-c', 'nc $Q_PORT_1_TCP_ADDR 1'])\n"
    )
    got = facts(code)
    first, second = got.containers
    assert [(r.name, r.container_key) for r in got.reads] == [
        ("DB_PORT_5432_TCP_ADDR", first.key),
        ("Q_PORT_1_TCP_ADDR", second.key),
    ]
    assert code[got.reads[0].span.start : got.reads[0].span.end] == "DB_PORT_5432_TCP_ADDR"


# -- the text-only path ------------------------------------------------------------------


SNIPPETS = [
    "import os\nDB = os.environ.get('DB_PORT', '5432')\n",
    "import os\n# os.environ['DB_PORT']\nx = 1\n",
    'x = env("CACHE_NAME")\n',
    '"""os.environ[\'DB_PORT\']"""\nx = 1\n',
    "import os\nx = os.environ['WEB_DB_PORT']  # a comment\n",
    "x = getenv('A_NAME') or getenv('B_PORT')\n",
]


@pytest.mark.parametrize("code", SNIPPETS)
def test_quick_path_agrees_with_the_parsed_one(code: str) -> None:
    assert route(code) == "quick"
    src = SourceText("m.py", code)
    ctx = Context(Settings())
    quick = FileFacts("m.py", "python")
    quick_reads(quick, src, ctx)
    full = FileFacts("m.py", "python")
    _read_tree(full, src, ctx, parse(code))
    assert [(r.name, r.span) for r in quick.reads] == [(r.name, r.span) for r in full.reads]


def test_route() -> None:
    assert route("def f(links=None):\n    return {'links': links}\n") is None
    assert route("import json\n") is None
    assert route("x = DB_PORT\n") == "quick"
    assert route("import docker\nc.containers.run('a', links={})\n") == "full"
    assert route("x = '--link a:b'\n") == "full"
    assert route("x = '{}_NAME'.format(p)\n") == "full"
    assert route("x = 'A_PORT_1_TCP'\n") == "full"
    assert route("import docker\nclient.containers.run('db')\n") == "full"
    assert at("ab", "b") == 1


def test_names_built_from_the_link_shape_are_pattern_reads_at_the_literal() -> None:
    code = (
        "import os\nimport re\n"
        "def addr(name, port):\n"
        "    return os.environ['{}_PORT_{}_TCP_ADDR'.format(name.upper(), port)]\n"
        "def port(name):\n"
        "    return os.environ.get('%s_PORT_%d_TCP_PORT' % (name, 5432))\n"
        "def url(name, p, proto):\n"
        "    return os.getenv(f'{name}_PORT_{p}_{proto}')\n"
        "LINK = re.compile(r'^(?P<alias>\\w+)_PORT_(\\d+)_(TCP|UDP)_ADDR$')\n"
        "hosts = [k for k in os.environ if k.endswith('_PORT_6379_TCP')]\n"
        "glob = fnmatch.filter(os.environ, '*_PORT_*_TCP')\n"
        "ENV = re.compile(r'^[A-Z_]+_ENV_(\\w+)$')\n"
    )
    got = facts(code).reads
    assert [(r.name, code[r.span.start : r.span.end], r.pattern, r.built) for r in got] == [
        ("*_PORT_*_TCP_ADDR", "{}_PORT_{}_TCP_ADDR", True, True),
        ("{NAME}_PORT_5432_TCP_PORT", "%s_PORT_%d_TCP_PORT", False, True),
        ("*_PORT_*_*", "{name}_PORT_{p}_{proto}", True, True),
        ("*_PORT_*_*_ADDR", "^(?P<alias>\\w+)_PORT_(\\d+)_(TCP|UDP)_ADDR$", True, False),
        ("*_PORT_6379_TCP", "_PORT_6379_TCP", True, False),
        ("*_PORT_*_TCP", "*_PORT_*_TCP", True, False),
        ("*_ENV_*", "^[A-Z_]+_ENV_(\\w+)$", True, False),
    ]


def test_dict_literals_that_set_env_are_setters_and_test_expectations_nothing() -> None:
    code = (
        "import os, subprocess\n"
        "env = {'MYSQL_PORT_3306_TCP_ADDR': 'db'}\n"
        "subprocess.call(['x'], env={'REDIS_PORT_6379_TCP': 'tcp://r:6379'})\n"
        "os.environ.update({'DB_PORT_5432_TCP_PORT': '5432'})\n"
        "MAPPING = {'DB_PORT_5432_TCP_ADDR': 'host'}\n"
    )
    got = facts(code)
    assert [s.name for s in got.env_sets] == [
        "MYSQL_PORT_3306_TCP_ADDR",
        "REDIS_PORT_6379_TCP",
        "DB_PORT_5432_TCP_PORT",
    ]
    assert [(r.name, r.indirect) for r in got.reads] == [("DB_PORT_5432_TCP_ADDR", True)]
    expected = "def test_env():\n    assert link_env() == {'DB_PORT_5432_TCP_ADDR': '172.17.0.2'}\n"
    in_test = facts(expected, "tests/test_links.py")
    assert (in_test.reads, in_test.env_sets) == ([], [])


def test_ambiguous_names_built_for_other_tools_are_not_reads() -> None:
    code = (
        "import os\n"
        "def f(service, port, alias):\n"
        "    a = os.environ.get('{}_{}_PORT'.format(service, port))\n"
        "    b = os.environ.get('{}_{}_TCP_PORT'.format(service, port))\n"
        "    c = os.environ.get('%s_NAME' % alias.upper())\n"
        "    env = {}\n"
        "    env['{}_{}_PORT'.format(alias, _to_env_var_name(service))] = port\n"
    )
    assert [(n, b) for n, _, b, _ in reads(code)] == [("{ALIAS}_NAME", True)]


def test_a_name_bound_once_to_a_link_var_is_one_read_where_it_is_spelled() -> None:
    code = (
        "import os\n"
        "ADDR = 'DB_PORT_5432_TCP_ADDR'\n"
        "a = os.environ.get(ADDR, 'db')\n"
        "b = os.getenv(ADDR)\n"
        "os.environ[ADDR] = 'db'\n"
    )
    got = facts(code)
    assert [(r.name, r.span.start) for r in got.reads] == [
        ("DB_PORT_5432_TCP_ADDR", at(code, "DB_PORT_5432_TCP_ADDR"))
    ]
    assert [(s.name, s.span.start) for s in got.env_sets] == [
        ("DB_PORT_5432_TCP_ADDR", at(code, "ADDR] ="))
    ]


def test_test_data_beside_the_code_and_lookups_in_local_dicts_are_not_reads() -> None:
    helper = (
        "def parse(environment):\n"
        "    return {k: v for k, v in environment.items() if k.endswith('_ADDR')}\n"
        "\n"
        "def test_env():\n"
        "    return {\n"
        "        'REDIS_PORT_6379_TCP_PROTO': 'tcp',\n"
        "        'MYSQL_1_PORT_3306_TCP': 'tcp://172.17.0.2:3306',\n"
        "    }\n"
        "\n"
        "class TestParse:\n"
        "    ENV = {'DB_PORT_5432_TCP_ADDR': '172.17.0.5'}\n"
    )
    got = facts(helper, "linkhelper/__init__.py")
    assert (got.reads, got.env_sets) == ([], [])
    suite = (
        "import linkhelper\n"
        "TEST_ENV = {'DB_PORT_6379_TCP_ADDR': '172.17.0.5'}\n"
        "def check(l):\n"
        "    assert l['host'] == TEST_ENV['DB_PORT_6379_TCP_ADDR']\n"
        "    assert l['port'] == TEST_ENV.get('DB_PORT_6379_TCP_PORT')\n"
    )
    for path in ("tests.py", "pkg/linkhelper_tests.py"):
        got = facts(suite, path)
        assert (got.reads, got.env_sets) == ([], []), path
    # outside a test module the dict is env set by hand, and the lookups are still no reads
    got = facts(suite, "linkhelper/fake.py")
    assert [(r.name, r.span.start) for r in got.reads] == []


def test_a_launchers_own_setting_named_like_its_link_alias_is_not_a_read() -> None:
    code = (
        "import os\n"
        "import docker\n"
        "REDIS = os.getenv('REDIS_NAME', 'app_redis')\n"
        "DB = os.getenv('DB_NAME', 'app_db')\n"
        "client = docker.from_env()\n"
        "client.containers.run('worker', links={REDIS: 'redis'})\n"
    )
    got = SOURCE.extract(SourceText("launch.py", code), Context(Settings()))
    assert [(r.name, code[r.span.start : r.span.end]) for r in got.reads] == [
        ("DB_NAME", "DB_NAME")
    ]


def test_examples_and_help_texts_are_mentions() -> None:
    code = (
        "env = Field('dict', help_text='sets DB_PORT_5432_TCP_ADDR',\n"
        "            example={'MY_ENV_VARIABLE': '1', 'DB_PORT_5432_TCP_PORT': '5432'})\n"
        "port = Field('dict', default={'DB_PORT_5432_TCP_PORT': '5432'})\n"
    )
    assert [(r.name, r.indirect) for r in facts(code).reads] == [("DB_PORT_5432_TCP_PORT", True)]
