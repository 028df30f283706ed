"""Links passed to the docker SDK as positional arguments, in files with no "link" text:
the byte prefilter lets them through (``delink.prefilter.positional_links``) and the
Python source reads them. Measured with ``bench/prefilter_needles.py``: the needles make
about 1% more of the Python files of docker-related repositories candidates."""

from __future__ import annotations

import json

import pytest

from delink.prefilter import is_candidate

FILES = {
    "start.py": (
        "import docker\n\ncli = docker.APIClient()\n"
        'db = cli.create_container("postgres", name="db")\ncli.start(db)\n'
        'web = cli.create_container("app", name="web")\n'
        'cli.start(web, None, None, None, False, {"db": "db"})\n'
    ),
    "host_config.py": (
        "import docker\n\ncli = docker.APIClient()\n"
        'hc = cli.create_host_config(None, None, None, False, {"db": "db"})\n'
        'web = cli.create_container("app", name="web", host_config=hc)\n'
    ),
    "endpoint.py": (
        "from docker.types import EndpointConfig\n\n"
        'ep = EndpointConfig("1.44", ["web"], {"db": "db"})\n'
    ),
    "network.py": (
        "import docker\n\nclient = docker.from_env()\n"
        'net = client.networks.get("appnet")\n'
        'net.connect("web", None, None, ["web"], [("db", "db")])\n'
    ),
}


def test_positional_links_are_read(run_cli, make_project, tmp_path) -> None:
    make_project(FILES)
    assert all("link" not in text for text in FILES.values())
    _, out, _ = run_cli(["check", "--no-cache", "--format", "json", "."], cwd=tmp_path)
    found = [
        (d["code"], d["filename"], d["location"]["row"], d["location"]["column"], d["message"])
        for d in json.loads(out)
    ]
    assert found == [
        (
            "DLK405",
            "endpoint.py",
            3,
            38,
            "network-scoped link `db:db` (`create_endpoint_config`): `db` is a DNS alias only "
            "this container resolves on `its network`; no env vars, no /etc/hosts entries",
        ),
        (
            "DLK401",
            "host_config.py",
            4,
            54,
            "legacy link `db:db` through the docker SDK on the default bridge network: `web` "
            "reaches `db` through deprecated /etc/hosts entries and link env vars",
        ),
        (
            "DLK405",
            "network.py",
            5,
            41,
            "network-scoped link `db:db` (`Network.connect`): `db` is a DNS alias only this "
            "container resolves on `appnet`; no env vars, no /etc/hosts entries",
        ),
        (
            "DLK404",
            "start.py",
            7,
            41,
            "`start(…, links=…)` with `db:db`: docker-py 2.0 removed host configuration at "
            "start time, so the call raises DeprecatedMethod",
        ),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # calls too short to reach the links parameter, or in a file that never names docker
        "import threading\nt = threading.Thread(target=print)\nt.start()\n",
        "import docker\nthread.start(a, b, c)\n",
        "import sqlite3\nconn = sqlite3.connect('db', 5.0, 0, None, True, factory)\n",
        "import docker\nsignal.connect(handler, sender, weak, dispatch_uid)\n",
        "scheduler.start(job, None, None, None, False, {'a': 'b'})\n",
        # brackets hide the commas of the inner calls
        "import docker\nt.start(f(a, b, c, d, e, f))\n",
    ],
)
def test_other_calls_are_not_candidates(text: str) -> None:
    assert not is_candidate(text.encode(), "python")
