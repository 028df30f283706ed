"""docker SDK calls: which receivers count, link values, kinds, containers, positions."""

from __future__ import annotations

import pytest

from delink.model import LinkKind

from .helpers import at, facts

HEAD = "import docker\n\nclient = docker.from_env()\n"


def links(text: str) -> list[tuple[str, str, str]]:
    return [(x.value.display, x.kind.value, x.origin) for x in facts(text).links]


# -- receivers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        HEAD + "client.containers.run('app', links={'db': 'db'})\n",
        "import docker as d\nc = d.DockerClient(base_url='unix://x')\n"
        "c.containers.create('app', links={'db': 'db'})\n",
        "from docker import DockerClient as D\nD().containers.run('app', links={'db': 'db'})\n",
        "import docker\ndocker.from_env().containers.run('app', links={'db': 'db'})\n",
        "from docker import from_env\ncli = from_env()\n"
        "cli.containers.run('app', links={'db': 'db'})\n",
        "import docker\napi = docker.APIClient()\napi.create_host_config(links={'db': 'db'})\n",
        "from docker import APIClient as C\nC().create_host_config(links={'db': 'db'})\n",
        "from docker import Client\nc = Client()\nc.create_host_config(links={'db': 'db'})\n",
        "import docker\nc = docker.from_env()\nc.api.create_host_config(links={'db': 'db'})\n",
        "from docker.types import HostConfig\nHostConfig('1.41', links={'db': 'db'})\n",
        "import docker\ndocker.types.HostConfig('1.41', links={'db': 'db'})\n",
        "from docker.utils import create_host_config\ncreate_host_config(links={'db': 'db'})\n",
        (
            "import docker\n\nclass Up:\n    def __init__(self, client=None):\n"
            "        self.client = client or docker.from_env()\n\n"
            "    def web(self):\n"
            "        return self.client.containers.run('app', links={'db': 'db'})\n"
        ),
        # unknown receivers: the method name is the SDK's own
        "def f(x):\n    x.create_host_config(links={'db': 'db'})\n",
        # a parameter whose name says client, in a file that imports docker
        "import docker\n\ndef f(handle):\n    handle.containers.run('app', links={'db': 'db'})\n",
        "def f(client):\n    client.containers.run('app', links={'db': 'db'})\n",
        # the low-level start on a receiver whose name says client
        "def f(docker_client):\n    docker_client.start('c', links={'db': 'db'})\n",
    ],
)
def test_receivers_that_count(code: str) -> None:
    assert [x[0] for x in links(code)] == ["db:db"]


@pytest.mark.parametrize(
    "code",
    [
        # JSON:API pages, tracing spans, an ORM, unrelated objects
        "from . import models\nmodels.Page(data=[], links={'self': '/x'})\n",
        "from opentelemetry import trace\ntracer = trace.get_tracer('w')\n"
        "tracer.start_as_current_span('job', links=[1])\n",
        "from opentelemetry import trace\ntracer = trace.get_tracer('w')\n"
        "tracer.start('job', links=[('a', 'b')])\n",
        "def f(session):\n    session.containers.run('app', links={'db': 'db'})\n",
        "import requests\nrequests.containers.run('app', links={'db': 'db'})\n",
        "def f(thing):\n    thing.start('c', links={'db': 'db'})\n",
        "import docker\n\ndef f(thing):\n    thing.connect('c', links=[('db', 'db')])\n",
        "class Page:\n    def __init__(self, links=None):\n        self.links = links\n",
        "import docker\nrender(links={'db': 'db'})\n",
    ],
)
def test_receivers_that_do_not(code: str) -> None:
    assert links(code) == []


# -- values ---------------------------------------------------------------------------


def test_dict_list_set_and_keyword_forms() -> None:
    code = HEAD + (
        "client.containers.run('a', links={'db': 'database', 'cache': None, 'q': ''})\n"
        "client.containers.run('b', links=[('db', 'database'), ['cache', 'c']])\n"
        "client.containers.run('c', links={('db', 'x')})\n"
        "client.containers.run('d', links=dict(db='database'))\n"
    )
    assert [x[0] for x in links(code)] == [
        "db:database",
        "cache",
        "q",
        "db:database",
        "cache:c",
        "db:x",
        "db:database",
    ]


def test_names_bound_once_and_params() -> None:
    code = HEAD + (
        "LINKS = {'db': 'database'}\n"
        "client.containers.run('a', links=LINKS)\n"
        "params = {'name': 'w', 'links': [('db', 'db')]}\n"
        "client.containers.run('b', **params)\n"
        "other = {'db': 'x'}\n"
        "other = {'db': 'y'}\n"
        "client.containers.run('c', links=other)\n"
    )
    got = facts(code)
    assert [x.value.display for x in got.links] == ["db:database", "db:db", "other"]
    first, second, third = got.links
    assert first.via is not None and code[first.via.start : first.via.end] == "LINKS"
    assert first.value.span.start == at(code, "'db': 'database'")
    assert code[second.span.start : second.span.end] == "'links': [('db', 'db')]"
    assert third.target is None  # bound twice: computed


def test_computed_values_are_one_link_without_target() -> None:
    code = HEAD + "def f(self):\n    client.containers.run('a', links=self._get_links(True))\n"
    (link,) = facts(code).links
    assert link.target is None and link.alias is None
    assert link.value.display == "self._get_links(True)"
    assert link.kind is LinkKind.LEGACY


def test_empty_values_are_no_links() -> None:
    code = HEAD + "client.containers.run('a', links={})\nclient.containers.run('b', links=None)\n"
    assert links(code) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("['db']", "`db` silently becomes the link `d:b`"),
        ("['db:database']", "too many values to unpack"),
        ("['d']", "not enough values to unpack"),
        ("[('db', None), ('db', 'x')]", "TypeError"),
    ],
)
def test_invalid_values(value: str, message: str) -> None:
    got = facts(HEAD + f"client.containers.run('a', links={value})\n")
    assert got.links
    assert all(x.invalid is not None and message in x.invalid for x in got.links)
    assert all(x.target is None for x in got.links)


def test_a_spec_the_daemon_rejects_keeps_its_error() -> None:
    (link,) = facts(HEAD + "client.containers.run('a', links={'a:b': 'c'})\n").links
    assert link.error == "bad format for links: a:b:c"


# -- kinds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        ("", LinkKind.LEGACY),
        ("network='bridge', ", LinkKind.LEGACY),
        ("network_mode='default', ", LinkKind.LEGACY),
        ("network='appnet', ", LinkKind.IGNORED),
        ("network_mode='appnet', ", LinkKind.IGNORED),
        ("network_mode='host', ", LinkKind.REJECTED),
        ("network_mode='container:x', ", LinkKind.REJECTED),
        ("network_mode='none', ", LinkKind.NOOP),
        ("network=NET, ", LinkKind.UNKNOWN),
    ],
)
def test_kinds_of_run_links(args: str, kind: LinkKind) -> None:
    (link,) = facts(
        HEAD + f"def f(NET):\n    client.containers.run('a', {args}links={{'db': 'db'}})\n"
    ).links
    assert link.kind is kind


def test_host_config_kinds_and_consumers() -> None:
    code = (
        "import docker\n\napi = docker.APIClient()\n"
        "hc = api.create_host_config(network_mode='appnet', links={'db': 'db'})\n"
        "web = api.create_container('app', name='web', host_config=hc)\n"
        "api.create_container('app', name='w2',\n"
        "                     host_config=api.create_host_config(links=[('db', 'x')]))\n"
        "api.create_host_config(links={'q': 'q'})\n"
    )
    got = facts(code)
    kinds = [
        (x.value.display, x.kind, x.consumer.display_name if x.consumer else None)
        for x in got.links
    ]
    assert kinds == [
        ("db:db", LinkKind.IGNORED, "web"),
        ("db:x", LinkKind.LEGACY, "w2"),
        ("q:q", LinkKind.LEGACY, "create_host_config"),
    ]
    assert (
        got.links[2].consumer is not None and got.links[2].consumer.origin == "create_host_config"
    )


def test_endpoint_and_connect_links() -> None:
    code = HEAD + (
        "api = client.api\n"
        "api.create_networking_config(\n"
        "    {'appnet': api.create_endpoint_config(links=[('db', 'x')])})\n"
        "api.connect_container_to_network('web', 'appnet', links=[('db', 'y')])\n"
        "net = client.networks.get('bridge')\n"
        "net.connect('web', links=[('db', 'z')])\n"
    )
    got = facts(code)
    assert [
        (x.value.display, x.kind, x.origin, x.network.display if x.network else None)
        for x in got.links
    ] == [
        ("db:x", LinkKind.ENDPOINT, "endpoint links=", "appnet"),
        ("db:y", LinkKind.ENDPOINT, "connect links=", "appnet"),
        ("db:z", LinkKind.NOOP, "connect links=", "bridge"),
    ]


def test_start_links_and_removals() -> None:
    code = (
        "import docker\n\nc = docker.Client()\n"
        "c.start('web', links={'db': 'db'})\n"
        "c.remove_container('/web/db', link=True)\n"
        "c.remove_container('web')\n"
        "client = docker.from_env()\n"
        "ctr = client.containers.get('web')\n"
        "ctr.remove(link=True)\n"
    )
    got = facts(code)
    assert [x.origin for x in got.links] == ["start links="]
    assert [(r.origin, r.value.raw) for r in got.removals] == [
        ("link=True", "'/web/db'"),
        ("link=True", "ctr"),
    ]


# -- containers -----------------------------------------------------------------------


def test_container_facts_and_data_flow_targets() -> None:
    code = HEAD + (
        "PREFIX = 'notes'\n"
        "db = client.containers.run('postgres:15', name=f'{PREFIX}-db', hostname='db',\n"
        "                           environment={'POSTGRES_USER': 'u', 'PASS': None},\n"
        "                           ports={'5432/tcp': 5432, 8080: None}, detach=True)\n"
        "web = client.containers.run('app', name='web', links={db.name: 'database'},\n"
        "                            environment=['A=1', 'REDIS_PORT_6379_TCP=tcp://r:6379'])\n"
    )
    got = facts(code)
    db, web = got.containers
    assert (db.name.literal, db.name.display, db.image.literal, db.hostname.literal) == (
        "notes-db",
        "notes-db",
        "postgres:15",
        "db",
    )
    assert db.ports == ["5432/tcp", "8080/tcp"]
    assert [(e.name, e.value.literal if e.value else None) for e in db.env] == [
        ("POSTGRES_USER", "u"),
        ("PASS", None),
    ]
    (link,) = web.links
    assert link.target_container is db
    assert link.target.literal == "notes-db"
    assert link.value.display == "notes-db:database"
    assert [s.name for s in got.env_sets] == ["REDIS_PORT_6379_TCP"]
    assert [(e.name, e.value.literal if e.value else None) for e in web.env] == [
        ("A", "1"),
        ("REDIS_PORT_6379_TCP", "tcp://r:6379"),
    ]


def test_an_fstring_name_shows_its_fields() -> None:
    code = HEAD + "import os\nP = os.environ['P']\nclient.containers.run('a', name=f'{P}-db')\n"
    (c,) = facts(code).containers
    assert c.name.literal is None and c.name.display == "{P}-db"


def test_images_built_here() -> None:
    code = HEAD + "client.images.build(path='app', tag='me/app')\n"
    (img,) = facts(code, "deploy/up.py").images
    assert (img.tag, img.context) == ("me/app", "deploy/app")


# -- positions ------------------------------------------------------------------------


def test_spans_count_characters_on_non_ascii_lines() -> None:
    code = HEAD + "client.containers.run('ünïcødé', name='é', links={'db': 'db'})  # ✓\n"
    got = facts(code)
    (link,) = got.links
    assert code[link.span.start : link.span.end] == "links={'db': 'db'}"
    assert code[link.value.span.start : link.value.span.end] == "'db': 'db'"
    assert code[link.target.span.start : link.target.span.end] == "'db'"


def test_multi_line_dict_points_at_the_keyword() -> None:
    code = (
        HEAD
        + "client.containers.run(\n    'a',\n    links={\n"
        + "        'db': 'db',\n        'c': 'c',\n    },\n)\n"
    )
    got = facts(code)
    assert {x.span.start for x in got.links} == {at(code, "links=")}
    assert [code[x.value.span.start : x.value.span.end] for x in got.links] == [
        "'db': 'db'",
        "'c': 'c'",
    ]


def test_crlf_and_bom_free_offsets() -> None:
    code = (HEAD + "client.containers.run('a', links={'db': 'db'})\n").replace("\n", "\r\n")
    (link,) = facts(code).links
    assert code[link.span.start : link.span.end] == "links={'db': 'db'}"


def test_python_2_files_are_read_with_the_tolerant_parser() -> None:
    code = (
        "import os\nimport docker\nprint 'python 2'\n"
        "c = docker.Client()\n"
        "try:\n    cid = c.create_container('app', name='web')\n"
        "except docker.errors.APIError, e:\n    print >>sys.stderr, e\n"
        "c.start(cid, links={'db': 'db'})\n"
        "host = os.environ['DB_PORT_5432_TCP_ADDR']\n"
    )
    got = facts(code)
    assert [p.message for p in got.problems] == [
        "not valid Python 3 (Missing parentheses in call to 'print'. Did you mean print(...)?, "
        "line 3): read with a tolerant parser (Python 2?); fixes in this file are shown, not "
        "applied"
    ]
    assert [(r.name, r.span.start) for r in got.reads] == [
        ("DB_PORT_5432_TCP_ADDR", at(code, "DB_PORT_5432_TCP_ADDR"))
    ]
    (link,) = got.links
    assert (link.value.display, link.kind, link.origin) == (
        "db:db",
        LinkKind.LEGACY,
        "start links=",
    )
    assert code[link.span.start : link.span.end] == "links={'db': 'db'}"
    assert link.consumer is not None and link.consumer.name is not None
    assert link.consumer.name.literal == "web"


def test_unparsable_files_keep_reads_and_links_found_by_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import delink.sources.python.tolerant as tolerant

    monkeypatch.setattr(tolerant, "parse_tolerant", lambda text: None)
    code = (
        "import docker\nprint 'python 2'\n"
        "hc = c.create_host_config(links={'db': 'db'})\n"
        "host = os.environ['DB_PORT_5432_TCP_ADDR']\n"
    )
    got = facts(code)
    assert [p.message.split(" (")[0] for p in got.problems] == [
        "could not parse this file as Python 3"
    ]
    assert [r.name for r in got.reads] == ["DB_PORT_5432_TCP_ADDR"]
    (link,) = got.links
    assert link.kind is LinkKind.UNKNOWN and link.value.raw == "{'db': 'db'}"


# -- receivers reached through helpers, properties, decorators, bases, globals --------


@pytest.mark.parametrize(
    ("code", "line"),
    [
        (  # a helper method that returns the client
            "import docker\n\nclass D(object):\n    def __init__(self, url):\n"
            "        self.cli = self.connect(url)\n\n    def connect(self, url):\n"
            "        return docker.Client(base_url=url)\n\n    def up(self, c):\n"
            "        self.cli.start(c, links=[('db', 'db')])\n",
            11,
        ),
        (  # a property
            "import docker\n\nclass S:\n    @property\n    def d(self):\n"
            "        return docker.from_env()\n\n    def up(self):\n"
            "        self.d.containers.run('web', links={'db': 'db'})\n",
            9,
        ),
        (  # a decorator that injects the client
            "import functools\nimport docker\n\ndef with_api(fn):\n"
            "    @functools.wraps(fn)\n    def wrapper(*args, **kwargs):\n"
            "        return fn(docker.APIClient(), *args, **kwargs)\n    return wrapper\n\n"
            "@with_api\ndef up(d, c):\n    d.start(c, links={'db': 'db'})\n",
            12,
        ),
        (  # a base class
            "import docker\n\nclass Runner(docker.Client):\n    def up(self, c):\n"
            "        self.start(c, links=[('db', 'db')])\n",
            5,
        ),
        (  # a base class imported under another name, through a class of the file
            "from docker import Client as client\n\nclass Base(client):\n    pass\n\n"
            "class Runner(Base):\n    def up(self, c):\n"
            "        self.start(c, links=[('db', 'db')])\n",
            8,
        ),
        (  # an instance of such a class
            "from docker import Client as client\n\nclass Runner(client):\n    pass\n\n"
            "r = Runner()\nr.start('web', links=[('db', 'db')])\n",
            7,
        ),
        (  # a module-level client set through `global`
            "import docker\nDOCKER = None\n\ndef init():\n    global DOCKER\n"
            "    DOCKER = docker.Client()\n\ndef up(c):\n"
            "    DOCKER.start(c, links={'db': 'db'})\n",
            9,
        ),
        (  # a client made in another method
            "import docker\n\nclass Box:\n    def __init__(self):\n        self.d = None\n\n"
            "    def connect(self):\n        self.d = docker.Client()\n\n"
            "    def up(self, c):\n        self.d.start(c, links={'db': 'db'})\n",
            11,
        ),
        (  # a class attribute set to None here, to a client by whoever uses the class
            "import docker\n\nclass Box:\n    api = None\n\n"
            "    def up(self, c):\n        self.api.start(c, links={'db': 'db'})\n",
            7,
        ),
        (  # a class attribute
            "import docker\n\nclass Box:\n    d = docker.from_env()\n\n"
            "    def up(self):\n        self.d.containers.run('w', links={'db': 'db'})\n",
            7,
        ),
        (  # a parameter every caller here passes a client to
            "import docker\n\ndef up(d, c):\n    d.start(c, links={'db': 'db'})\n\n"
            "up(docker.Client(), 'web')\n",
            4,
        ),
        (  # a client made by a helper of the project's own, imported
            "from deploy.dockerutil import get_engine\n\ndef up(image):\n"
            "    e = get_engine()\n    cid = e.create_container(image)\n"
            "    e.start(cid, links={'db': 'db'})\n",
            6,
        ),
        (  # a module-level client of another module of the project, imported
            "from deploy.dockerhost import client\n\nclient.start('web', links={'db': 'db'})\n",
            3,
        ),
        (  # a docker-py vendored in the project (fig), and a wrapper's start
            "from .packages.docker.errors import APIError\nfrom .container import Container\n\n"
            "def up(client):\n    c = Container.create(client, image='web')\n"
            "    c.start(links=[('db', 'db')])\n",
            6,
        ),
        (  # no docker import: the receiver also makes SDK-only calls
            "def up(d, image):\n    c = d.create_container(image)\n"
            "    d.start(c, links={'db': 'db'})\n",
            3,
        ),
    ],
)
def test_receivers_reached_indirectly(code: str, line: int) -> None:
    got = facts(code)
    assert [(x.value.display, code.count("\n", 0, x.span.start) + 1) for x in got.links] == [
        ("db:db", line)
    ]


@pytest.mark.parametrize(
    "code",
    [
        # generic names on receivers with no SDK evidence stay silent
        "def f(thing):\n    thing.start('c', links={'db': 'db'})\n",
        "class T:\n    @property\n    def tracer(self):\n        return make_tracer()\n\n"
        "    def go(self):\n        self.tracer.start('job', links=[('a', 'b')])\n",
        "class Base(object):\n    pass\n\nclass R(Base):\n"
        "    def go(self):\n        self.start('x', links={'a': 'b'})\n",
    ],
)
def test_indirect_receivers_that_do_not_count(code: str) -> None:
    assert links(code) == []


# -- kwargs dicts and positional arguments ------------------------------------------------


def test_links_through_kwargs_dicts() -> None:
    code = HEAD + (
        "kwargs = {'detach': True}\n"  # 4
        "kwargs['links'] = {'db': 'db'}\n"  # 5
        "client.containers.run('a', **kwargs)\n"
        "opts = dict(name='b')\n"
        "opts.update(links=[('cache', 'c')])\n"  # 8
        "client.containers.run('b', **opts)\n"
        "BASE = {'links': {'q': 'queue'}}\n"  # 10
        "def c():\n"
        "    p = copy.deepcopy(BASE)\n"
        "    p.setdefault('name', 'c')\n"
        "    client.containers.run('c', **p)\n"
        "def d(extra):\n"
        "    client.containers.run('d', **dict(BASE, **extra))\n"
        "def e(image, **kw):\n"
        "    return client.containers.run(image, **kw)\n"
        "e('e', links={'s': 's'})\n"  # 19
        "class F:\n"
        "    def __init__(self):\n"
        "        self.hc = {'links': [('f', 'f')]}\n"  # 22
        "    def up(self):\n"
        "        client.containers.run('f', **self.hc)\n"
    )
    got = facts(code)
    rows = [
        (x.value.display, code.count("\n", 0, x.span.start) + 1, x.consumer.image.display)
        for x in got.links
        if x.consumer is not None and x.consumer.image is not None
    ]
    assert rows == [
        ("db:db", 5, "a"),
        ("cache:c", 8, "b"),
        ("q:queue", 10, "c"),
        ("q:queue", 10, "d"),
        ("s:s", 19, "image"),
        ("f:f", 22, "f"),
    ]
    first = got.links[0]
    assert code[first.span.start : first.span.end] == "kwargs['links'] = {'db': 'db'}"
    # only entries of the literal that `**` names are edited in place
    assert [x.syntax.arg.writable for x in got.links] == [False] * 6  # type: ignore[attr-defined]


def test_positional_links() -> None:
    code = (
        "import docker\nc = docker.Client()\n"
        "c.start('web', None, None, None, False, [('db', 'db')])\n"
        "c.create_host_config(None, None, None, False, {'q': 'q'})\n"
        "c.connect_container_to_network('web', 'net', None, None, ['w'], [('x', 'y')])\n"
        "docker.types.HostConfig('1.21', None, None, None, False, {'r': 'r'})\n"
        "c.create_endpoint_config(['w'], [('e', 'f')])\n"
    )
    got = facts(code)
    assert [(x.value.display, x.origin) for x in got.links] == [
        ("db:db", "start links="),
        ("q:q", "links="),
        ("x:y", "connect links="),
        ("r:r", "links="),
        ("e:f", "endpoint links="),
    ]
    assert got.links[2].network is not None and got.links[2].network.display == "net"


def test_a_links_literal_filled_later_is_computed() -> None:
    code = HEAD + (
        "def up(deps):\n"
        "    links = {}\n"
        "    for d in deps:\n"
        "        links[d] = d\n"
        "    client.containers.run('a', links=links)\n"
        "    pairs = []\n"
        "    pairs.append(('db', 'db'))\n"
        "    client.containers.run('b', links=pairs)\n"
    )
    got = facts(code)
    assert [(x.value.display, x.target) for x in got.links] == [("links", None), ("pairs", None)]


@pytest.mark.parametrize(
    ("code", "tag"),
    [
        (  # a constructor argument, passed where the class is instantiated
            "import docker\n\nclass Up:\n    def __init__(self, conn):\n"
            "        self.conn = conn\n\n"
            "    def go(self, c):\n        self.conn.start(c, links={'db': 'db'})\n\n"
            "Up(docker.Client()).go('web')\n",
            "api",
        ),
        (  # an annotated parameter
            "from docker import DockerClient\n\n"
            "def up(engine: DockerClient) -> None:\n"
            "    engine.containers.start(links={'db': 'db'})\n",
            "containers",
        ),
        (  # a with statement, and the class's own from_env()
            "from docker import Client\n\nwith Client.from_env() as d:\n"
            "    d.start('web', links={'db': 'db'})\n",
            "api",
        ),
        (  # a helper method that returns the client
            "import docker\n\nclass D:\n    def __init__(self):\n"
            "        self.cli = self.connect()\n\n    def connect(self):\n"
            "        return docker.APIClient()\n\n    def up(self, c):\n"
            "        self.cli.start(c, links={'db': 'db'})\n",
            "api",
        ),
        (  # a parameter nobody here passes: unknown
            "import docker\n\ndef up(d, c):\n    d.start(c, links={'db': 'db'})\n",
            "unknown",
        ),
    ],
)
def test_receiver_kinds(code: str, tag: str) -> None:
    import ast

    from delink.sources.python.scope import Resolver, analyse

    tree = ast.parse(code)
    r = Resolver(analyse(tree))
    (call,) = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and any(k.arg == "links" for k in n.keywords)
    ]
    assert isinstance(call.func, ast.Attribute)
    assert r.kind(call.func.value).tag == tag


# -- links reaching docker through the project's own code --------------------------------


def test_host_config_kwargs_built_for_a_call_elsewhere() -> None:
    code = (
        "def start_kwargs(cfg, container):\n"
        "    return dict(container=container, links=[(n, a) for n, a in cfg.links],\n"
        "                binds=cfg.binds, port_bindings=cfg.ports)\n"
    )
    got = facts(code, "maps/policy.py")
    assert [(x.value.display, x.origin, x.span.start) for x in got.links] == [
        ("[(n, a) for n, a in cfg.links]", "kwargs links=", at(code, "links="))
    ]
    # the same dict as the expected kwargs of a test, option specs, docs and a Compose
    # service written from Python are no links
    assert facts(code, "tests/test_policy.py").links == []
    for other in (
        "SPEC = dict(links=dict(type='list'), binds=dict(type='list'), "
        "port_bindings=dict(type='dict'))\n",
        "DOCS = {'links': 'Linked containers', 'binds': 'Volumes', 'port_bindings': 'Ports'}\n",
        "MAP = {'links': {'path': 'HostConfig:Links', 'default': []},\n"
        "       'binds': {'path': 'HostConfig:Binds'}, 'port_bindings': {}}\n",
        "SERVICE = {'image': 'app', 'links': ['db'], 'privileged': True, 'dns': ['8.8.8.8']}\n",
    ):
        assert facts(other, "maps/spec.py").links == [], other
