"""The Python fix writer: exact fixed text for each form, the SDK version decision, fix
safety and messages, what is only displayed, and that a second fix changes nothing
(checked by ``helpers.fix`` for every case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.diagnostics import Applicability

from .helpers import fix, lint

# a consumer image built here, whose code reads two link vars (one from a secret)
APP = {
    "app/Dockerfile": 'FROM python:3.12\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
    "app/main.py": (
        "import os\n\nHOST = os.environ['DATABASE_PORT_5432_TCP_ADDR']\n"
        "PASSWORD = os.environ.get('DATABASE_ENV_POSTGRES_PASSWORD')\n"
    ),
}
# the target sets no POSTGRES_PASSWORD (postgres:16 does not either, per the bundled
# table), or is not started here: the link var is not written
ENV_DICT = "{'DATABASE_PORT_5432_TCP_ADDR': 'database'}"
ENSURE = (
    "{i}if not [n for n in client.networks.list(names=['db-net']) if n.name == 'db-net']:\n"
    "{i}    client.networks.create('db-net', driver='bridge')\n"
)
FUNCTION = (
    "import docker\n\n\ndef up(client):\n"
    "    client.images.build(path='app', tag='me/app')\n"
    "    db = client.containers.run(\n"
    "        'postgres:16',\n"
    "        name='db',\n"
    "        environment={'POSTGRES_PASSWORD': 'secret'},\n"
    "        detach=True,\n"
    "    )\n"
    "    web = client.containers.run(\n"
    "        'me/app',\n"
    "        name='web',\n"
    "        environment={\n"
    "            'MODE': 'prod',\n"
    "        },\n"
    "        links={db.name: 'database'},\n"
    "        detach=True,\n"
    "    )\n"
    "    return db, web\n"
)
CONSUMER_AFTER = (
    "    web = client.containers.run(\n"
    "        'me/app',\n"
    "        name='web',\n"
    "        environment={\n"
    "            'MODE': 'prod',\n"
    "            'DATABASE_PORT_5432_TCP_ADDR': 'database',\n"
    "            'DATABASE_ENV_POSTGRES_PASSWORD': os.environ['POSTGRES_PASSWORD'],\n"
    "        },\n"
    "        network='db-net',\n"
    "        detach=True,\n"
    "    )\n"
    "    return db, web\n"
)


def test_docker_7_aliases_through_networking_config(tmp_path: Path) -> None:
    files = {**APP, "requirements.txt": "docker==7.1.0\n", "up.py": FUNCTION}
    out = fix(tmp_path, files)
    assert out["up.py"] == (
        "import docker\nimport os\n\n\ndef up(client):\n"
        "    client.images.build(path='app', tag='me/app')\n"
        + ENSURE.format(i="    ")
        + "    db = client.containers.run(\n"
        "        'postgres:16',\n"
        "        name='db',\n"
        "        environment={'POSTGRES_PASSWORD': 'secret'},\n"
        "        detach=True,\n"
        "        network='db-net',\n"
        "        networking_config={'db-net': "
        "client.api.create_endpoint_config(aliases=['database'])},\n"
        "    )\n" + CONSUMER_AFTER
    )


def test_docker_6_the_low_level_form(tmp_path: Path) -> None:
    files = {**APP, "requirements.txt": "docker>=6.1,<7\n", "up.py": FUNCTION}
    out = fix(tmp_path, files)
    assert out["up.py"] == (
        "import docker\nimport os\n\n\ndef up(client):\n"
        "    client.images.build(path='app', tag='me/app')\n"
        + ENSURE.format(i="    ")
        + "    db = client.containers.get(client.api.create_container(\n"
        "        'postgres:16',\n"
        "        name='db',\n"
        "        environment={'POSTGRES_PASSWORD': 'secret'},\n"
        "        detach=True,\n"
        "        host_config=client.api.create_host_config(network_mode='db-net'),\n"
        "        networking_config=client.api.create_networking_config({'db-net': "
        "client.api.create_endpoint_config(aliases=['database'])}),\n"
        "    )['Id'])\n"
        "    db.start()\n" + CONSUMER_AFTER
    )


SCRIPT = (
    "import docker\n\nclient = docker.from_env()\nclient.images.build(path='app', tag='me/app')\n"
    "client.containers.run('postgres:16', name='db', ports={'5432/tcp': 5432}, "
    "restart_policy={'Name': 'always'}, detach=True)\n"
    "client.containers.run('me/app', links={'db': 'database'}, environment=['A=1'], detach=True)\n"
)
CONSUMER_LIST = (
    "client.containers.run('me/app', network='db-net', environment=['A=1', "
    "'DATABASE_PORT_5432_TCP_ADDR=database'], detach=True)\n"
)


def test_docker_6_low_level_form_splits_run_arguments(tmp_path: Path) -> None:
    out = fix(tmp_path, {**APP, "requirements.txt": "docker~=6.1\n", "up.py": SCRIPT})
    assert out["up.py"] == (
        "import docker\n\nclient = docker.from_env()\n"
        "client.images.build(path='app', tag='me/app')\n"
        + ENSURE.format(i="")
        + "client.containers.get(client.api.create_container('postgres:16', name='db', "
        "ports=['5432/tcp'], detach=True, host_config=client.api.create_host_config("
        "port_bindings={'5432/tcp': 5432}, restart_policy={'Name': 'always'}, "
        "network_mode='db-net'), networking_config=client.api.create_networking_config("
        "{'db-net': client.api.create_endpoint_config(aliases=['database'])}))['Id']).start()\n"
        + CONSUMER_LIST
    )


def test_docker_6_low_level_form_of_a_returned_container(tmp_path: Path) -> None:
    files = {
        **APP,
        "requirements.txt": "docker~=6.1\n",
        "up.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.images.build(path='app', tag='me/app')\n\n\n"
            "def db():\n"
            "    return client.containers.run('postgres:16', name='db', detach=True)\n\n\n"
            "def web():\n"
            "    return client.containers.run('me/app', links={'db': 'database'}, detach=True)\n"
        ),
    }
    out = fix(tmp_path, files)
    assert out["up.py"] == (
        "import docker\n\nclient = docker.from_env()\n"
        "client.images.build(path='app', tag='me/app')\n\n\n"
        "def db():\n"
        + ENSURE.format(i="    ")
        + "    container = client.containers.get(client.api.create_container('postgres:16', "
        "name='db', detach=True, host_config=client.api.create_host_config("
        "network_mode='db-net'), networking_config=client.api.create_networking_config("
        "{'db-net': client.api.create_endpoint_config(aliases=['database'])}))['Id'])\n"
        "    container.start()\n"
        "    return container\n\n\n"
        "def web():\n"
        + ENSURE.format(i="    ")
        + "    return client.containers.run('me/app', network='db-net', environment="
        + ENV_DICT
        + ", detach=True)\n"
    )


def _dlk401(tmp_path: Path, files: dict[str, str], **config: object) -> tuple[str, str]:
    result = lint(tmp_path, files, **config)
    (d,) = [d for d in result.diagnostics if d.code == "DLK401"]
    assert d.fix is not None
    return d.fix.applicability.value, d.fix.message


def test_the_message_says_which_form_and_why(tmp_path: Path) -> None:
    files = {**APP, "requirements.txt": "docker~=6.1\n", "up.py": SCRIPT}
    applicability, message = _dlk401(tmp_path, files)
    assert applicability == "unsafe"
    assert (
        "aliases through the low-level API (`create_container` with `networking_config`), "
        "because the docker SDK pin `docker~=6.1 (requirements.txt:1)` predates "
        "`networking_config=` on `containers.run` (7.0)" in message
    )
    files["requirements.txt"] = "docker==7.1.0\n"
    _, message = _dlk401(tmp_path, files)
    assert (
        "aliases through `networking_config=`, which the docker SDK pin "
        "`docker==7.1.0 (requirements.txt:1)` has (7.0+)" in message
    )


def test_no_pin_writes_the_7_form_and_is_unsafe(tmp_path: Path) -> None:
    files = {**APP, "up.py": SCRIPT}
    applicability, message = _dlk401(tmp_path, files)
    assert applicability == "unsafe"
    assert message.endswith(
        "no pin of the docker SDK governs `up.py`: `networking_config=` needs docker 7.0+ "
        "(pin `docker` or set docker-sdk-version)"
    )
    out = fix(tmp_path, files)
    assert "networking_config={'db-net'" in out["up.py"]


def test_the_configured_version_decides_without_a_pin(tmp_path: Path) -> None:
    files = {**APP, "up.py": SCRIPT}
    out = fix(tmp_path, files, docker_sdk_version="6.1.3")
    assert ".api.create_container('postgres:16'" in out["up.py"]
    _, message = _dlk401(tmp_path / "x", files, docker_sdk_version="6.1.3")
    assert "`6.1.3 (configuration `docker-sdk-version`)`" in message


def test_low_level_target_and_consumer(tmp_path: Path) -> None:
    files = {
        **APP,
        "up.py": (
            "from docker import APIClient\n\napi = APIClient()\n"
            "api.build(path='app', tag='me/app')\n"
            "db = api.create_container('postgres:16', name='db')\napi.start(db)\n"
            "hc = api.create_host_config(network_mode='bridge', links={'db': 'database'})\n"
            "web = api.create_container('me/app', host_config=hc)\napi.start(web)\n"
        ),
    }
    out = fix(tmp_path, files)
    assert out["up.py"] == (
        "from docker import APIClient\n\napi = APIClient()\n"
        "api.build(path='app', tag='me/app')\n"
        "if not [n for n in api.networks(names=['db-net']) if n['Name'] == 'db-net']:\n"
        "    api.create_network('db-net', driver='bridge')\n"
        "db = api.create_container('postgres:16', name='db', "
        "host_config=api.create_host_config(network_mode='db-net'), "
        "networking_config=api.create_networking_config("
        "{'db-net': api.create_endpoint_config(aliases=['database'])}))\n"
        "api.start(db)\n"
        "hc = api.create_host_config(network_mode='db-net')\n"
        "web = api.create_container('me/app', host_config=hc, environment=" + ENV_DICT + ")\n"
        "api.start(web)\n"
    )


def test_a_target_not_started_here_is_connected(tmp_path: Path) -> None:
    files = {
        **APP,
        "up.py": (
            "from docker import from_env\n\nclient = from_env()\n"
            "client.images.build(path='app', tag='me/app')\n"
            "client.containers.run('me/app', links=[('shared-db', 'database')], detach=True)\n"
        ),
    }
    out = fix(tmp_path, files)
    assert out["up.py"] == (
        "from docker import from_env\n\nclient = from_env()\n"
        "client.images.build(path='app', tag='me/app')\n"
        "if not [n for n in client.networks.list(names=['shared-db-net']) "
        "if n.name == 'shared-db-net']:\n"
        "    client.networks.create('shared-db-net', driver='bridge')\n"
        "try:\n"
        "    client.networks.get('shared-db-net').connect('shared-db', aliases=['database'])\n"
        "except Exception:  # already connected\n"
        "    pass\n"
        "client.containers.run('me/app', network='shared-db-net', environment="
        + ENV_DICT
        + ", detach=True)\n"
    )


def test_params_dict_and_a_network_created_already(tmp_path: Path) -> None:
    files = {
        "app/Dockerfile": "FROM alpine\n",
        "up.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.images.build(path='app', tag='me/app')\n"
            "client.networks.create('db-net', driver='bridge')\n"
            "client.containers.run('postgres:16', name='db', detach=True)\n"
            "params = {\n    'detach': True,\n    'links': {'db': 'db'},\n}\n"
            "client.containers.run('me/app', **params)\n"
        ),
    }
    result = lint(tmp_path, files)
    (d,) = [d for d in result.diagnostics if d.code == "DLK401"]
    assert d.fix is not None and d.fix.applicability is Applicability.SAFE
    out = fix(tmp_path, files, unsafe=False)
    assert out["up.py"] == (
        "import docker\n\nclient = docker.from_env()\n"
        "client.images.build(path='app', tag='me/app')\n"
        "client.networks.create('db-net', driver='bridge')\n"
        "client.containers.run('postgres:16', name='db', detach=True, network='db-net')\n"
        "params = {\n    'detach': True,\n    'network': 'db-net',\n}\n"
        "client.containers.run('me/app', **params)\n"
    )


@pytest.mark.parametrize(
    "links",
    [
        "{'db': 'database', **more}",  # a computed part
    ],
)
def test_computed_links_are_not_fixed(tmp_path: Path, links: str) -> None:
    files = {
        **APP,
        "up.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.containers.run('postgres:16', name='db', detach=True)\n"
            f"def f(more):\n    client.containers.run('me/app', links={links}, detach=True)\n"
        ),
    }
    result = lint(tmp_path, files)
    (d,) = [d for d in result.diagnostics if d.code == "DLK401"]
    assert d.fix is None
    assert "(and computes more: `**more`)" in d.message or "computes more" in d.message
    assert fix(tmp_path, files)["up.py"] == files["up.py"]


@pytest.mark.parametrize(
    ("call", "fixed"),
    [
        (
            "client.containers.run('a', network='appnet', links={'db': 'db'}, detach=True)",
            "client.containers.run('a', network='appnet', detach=True)",
        ),
        (
            "client.containers.run('a', network='appnet', links={'db': 'db'})",
            "client.containers.run('a', network='appnet')",
        ),
        (
            "client.containers.run(\n    'a',\n    network='appnet',\n    links={'db': 'db'},\n)",
            "client.containers.run(\n    'a',\n    network='appnet',\n)",
        ),
        (
            "client.api.create_host_config(links={'db': 'db'}, network_mode='none')",
            "client.api.create_host_config(network_mode='none')",
        ),
    ],
)
def test_links_the_engine_ignores_are_removed(tmp_path: Path, call: str, fixed: str) -> None:
    head = "import docker\n\nclient = docker.from_env()\n"
    out = fix(tmp_path, {"run.py": head + call + "\n"}, unsafe=False)
    assert out["run.py"] == head + fixed + "\n"


def test_tabs_and_crlf_are_kept(tmp_path: Path) -> None:
    files = {
        "app/Dockerfile": "FROM alpine\n",
        "up.py": (
            "import docker\r\n\r\n\r\ndef up(client):\r\n"
            "\tclient.images.build(path='app', tag='me/app')\r\n"
            "\tclient.containers.run('postgres:16', name='db', detach=True)\r\n"
            "\tclient.containers.run('me/app', links={'db': 'db'}, detach=True)\r\n"
        ),
    }
    out = fix(tmp_path, files, unsafe=False)
    assert out["up.py"] == (
        "import docker\r\n\r\n\r\ndef up(client):\r\n"
        "\tclient.images.build(path='app', tag='me/app')\r\n"
        "\tif not [n for n in client.networks.list(names=['db-net']) if n.name == 'db-net']:\r\n"
        "\t\tclient.networks.create('db-net', driver='bridge')\r\n"
        "\tclient.containers.run('postgres:16', name='db', detach=True, network='db-net')\r\n"
        "\tclient.containers.run('me/app', network='db-net', detach=True)\r\n"
    )


def test_receivers_and_kwargs_dicts_found_indirectly_are_fixed_in_place(tmp_path: Path) -> None:
    stack = (
        "import docker\n\n\n"
        "class Stack(object):\n"
        "    def __init__(self):\n"
        "        self.engine = self._engine()\n\n"
        "    def _engine(self):\n"
        "        return docker.from_env()\n\n"
        "    def up(self):\n"
        "        self.engine.images.build(path='app', tag='app')\n"
        "        self.engine.containers.run('postgres:16', name='db', detach=True)\n"
        "        self.engine.containers.run('app', name='web', detach=True, links={'db': 'db'})\n"
    )
    kw = (
        "import docker\n\nclient = docker.from_env()\n"
        "client.containers.run('redis:7', name='cache', detach=True)\n"
        "opts = {'detach': True, 'links': {'cache': 'cache'}}\n"
        "client.containers.run('app', name='api', **opts)\n"
    )
    out = fix(
        tmp_path,
        {
            "requirements.txt": "docker==7.1.0\n",
            "app/Dockerfile": 'FROM alpine\nCMD ["sleep", "1d"]\n',
            "stack.py": stack,
            "kw.py": kw,
        },
    )
    assert out["stack.py"] == stack.replace(
        "        self.engine.containers.run('postgres:16', name='db', detach=True)\n"
        "        self.engine.containers.run('app', name='web', detach=True, links={'db': 'db'})\n",
        "        if not [n for n in self.engine.networks.list(names=['db-net'])"
        " if n.name == 'db-net']:\n"
        "            self.engine.networks.create('db-net', driver='bridge')\n"
        "        self.engine.containers.run('postgres:16', name='db', detach=True,"
        " network='db-net')\n"
        "        self.engine.containers.run('app', name='web', detach=True, network='db-net')\n",
    )
    assert out["kw.py"] == (
        "import docker\n\nclient = docker.from_env()\n"
        "if not [n for n in client.networks.list(names=['cache-net']) if n.name == 'cache-net']:\n"
        "    client.networks.create('cache-net', driver='bridge')\n"
        "client.containers.run('redis:7', name='cache', detach=True, network='cache-net')\n"
        "opts = {'detach': True, 'network': 'cache-net'}\n"
        "client.containers.run('app', name='api', **opts)\n"
    )


def test_python_2_files_and_links_not_written_in_place_get_display_only_fixes(
    tmp_path: Path,
) -> None:
    files = {
        "requirements.txt": "docker==7.1.0\n",
        "py2.py": (
            "import docker\n\nc = docker.from_env()\nprint 'up'\n"
            "c.containers.run('postgres:16', name='pg', detach=True)\n"
            "c.containers.run('app', name='w', detach=True, links={'pg': 'pg'})\n"
        ),
        "kw.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.containers.run('redis:7', name='cache', detach=True)\n"
            "opts = {'detach': True}\n"
            "opts['links'] = {'cache': 'cache'}\n"
            "client.containers.run('app', name='api', **opts)\n"
        ),
    }
    assert fix(tmp_path / "a", files) == files
    result = lint(tmp_path / "b", files)
    got = [
        (d.path, d.code, d.fix.applicability if d.fix else None)
        for d in result.diagnostics
        if d.code == "DLK401"
    ]
    assert got == [
        ("kw.py", "DLK401", Applicability.DISPLAY_ONLY),
        ("py2.py", "DLK401", Applicability.DISPLAY_ONLY),
    ]
