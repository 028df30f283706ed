"""Exact diagnostics (code, row, column; the message for the SDK rules) of the Python
files of the SDK fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from delink.lint import Linter
from delink.settings import Settings

ROOT = Path(__file__).resolve().parents[2] / "fixtures"

EXPECTED: dict[str, list[str]] = {
    "realworld/sdk-high-level": [
        "shopctl/deploy.py:23:9: DLK401 legacy links `shop-db:db` and `shop-cache:cache` "
        "through the docker SDK on the default bridge network: `shop-web` reaches `shop-db` "
        "and `shop-cache` through deprecated /etc/hosts entries and link env vars; its "
        "consumers read `DB_PORT_5432_TCP_ADDR`, `DB_PORT_5432_TCP_PORT`, "
        "`DB_ENV_POSTGRES_DB` and 3 more",
        "shopctl/deploy.py:36:9: DLK402 `links=` with `network='analytics'` does nothing: "
        "docker-py sends `shop-db:db` only as HostConfig.Links, which the engine ignores on a "
        "user-defined network",
        "shopctl/deploy.py:43:43: DLK405 network-scoped link `shop-db:db` (`Network.connect`): "
        "`db` is a DNS alias only this container resolves on `backoffice`; no env vars, no "
        "/etc/hosts entries",
        "shopctl/deploy.py:52:9: DLK401 legacy links `shop-db:db` and `shop-cache:cache` "
        "through the docker SDK on the default bridge network: `shop-worker` reaches "
        "`shop-db` and `shop-cache` through deprecated /etc/hosts entries and link env vars; "
        "its consumers read `DB_PORT_5432_TCP_ADDR`, `DB_PORT_5432_TCP_PORT`, "
        "`DB_ENV_POSTGRES_DB` and 3 more",
        "shopctl/settings.py:6:25: DLK501",
        "shopctl/settings.py:7:33: DLK501",
        "shopctl/settings.py:8:24: DLK501",
        "shopctl/settings.py:9:24: DLK501",
        "shopctl/settings.py:13:21: DLK501",
        "shopctl/settings.py:14:21: DLK501",
        "shopctl/settings.py:20:29: DLK502",
    ],
    "realworld/sdk-api-tests": [
        "tests/integration/test_links.py:29:17: DLK401 legacy links `first_name:upstream_one` "
        "and `second_name:upstream_two` through the docker SDK on the default bridge network: "
        "the `BUSYBOX` container reaches `first_name` and `second_name` through deprecated "
        "/etc/hosts "
        "entries and link env vars; its consumers read `UPSTREAM_ONE_NAME`, "
        "`UPSTREAM_ONE_ENV_COLOR`, `UPSTREAM_TWO_NAME` and 1 more",
        "tests/integration/test_links.py:38:17: DLK501",
        "tests/integration/test_links.py:39:17: DLK501",
        "tests/integration/test_links.py:40:18: DLK501",
        "tests/integration/test_links.py:41:18: DLK501",
        "tests/integration/test_links.py:51:56: DLK401 legacy link `target_name:peer` through "
        "the docker SDK on the default bridge network: the `BUSYBOX` container reaches "
        "`target_name` "
        "through deprecated /etc/hosts entries and link env vars",
        "tests/integration/test_links.py:58:9: DLK406 `remove_container(link_name, link=True)` "
        "removes a legacy link: after moving to a network, disconnect the container instead "
        "(`network.disconnect(container)`)",
        "tests/integration/test_links.py:72:21: DLK405 network-scoped link `test-upstream:peer` "
        "(`create_endpoint_config`): `peer` is a DNS alias only this container resolves on "
        "`net_name`; no env vars, no /etc/hosts entries",
        "tests/integration/test_links.py:95:13: DLK405 network-scoped link `test-upstream:peer` "
        "(`connect_container_to_network`): `peer` is a DNS alias only this container "
        "resolves on `net_name`; no env vars, no /etc/hosts entries",
        "tests/unit/test_link_args.py:13:59: DLK404 `start(…, links=…)` with `path:alias`: "
        "docker-py 2.0 removed host configuration at start time, so the call raises "
        "DeprecatedMethod",
        "tests/unit/test_link_args.py:19:17: DLK404 `start(…, links=…)` with `path1:alias1` "
        "and `path2:alias2`: docker-py 2.0 removed host configuration at start time, so the "
        "call raises DeprecatedMethod",
        "tests/unit/test_link_args.py:27:59: DLK404 `start(…, links=…)` with `path:alias`: "
        "docker-py 2.0 removed host configuration at start time, so the call raises "
        "DeprecatedMethod",
        "tests/unit/test_link_args.py:41:56: DLK401 legacy link `path:alias` through the "
        "docker SDK on the default bridge network: the `busybox` container reaches `path` through "
        "deprecated /etc/hosts entries and link env vars",
        "tests/unit/test_link_args.py:51:17: DLK401 legacy links `path1:alias1` and "
        "`path2:alias2` through the docker SDK on the default bridge network: the `busybox` "
        "container reaches `path1` and `path2` through deprecated /etc/hosts entries and link env "
        "vars",
        "tests/unit/test_link_args.py:64:56: DLK401 legacy link `path:alias` through the "
        "docker SDK on the default bridge network: the `busybox` container reaches `path` through "
        "deprecated /etc/hosts entries and link env vars",
    ],
    "realworld/sdk-compose-internals": [
        "orchestra/service.py:52:13: DLK401 links `self._get_links(link_to_self=one_off)` "
        "through the docker SDK on a network delink cannot see (`self.options.get("
        "'network_mode') or self.project + '_default'`): legacy links if it is the default "
        "bridge, ignored by the engine on a user-defined network",
        "orchestra/service.py:83:17: DLK405 network-scoped links computed at run time "
        "(`self._get_links(False)`, `connect_container_to_network`): DNS aliases only this "
        "container resolves on `network`; no env vars, no /etc/hosts entries",
    ],
    "realworld/sdk-legacy-client": [
        "workers/capture_drop.py:39:39: DLK401 legacy link `core-broker:rabbitmq` through the "
        "docker SDK on the default bridge network: the `image` container reaches `core-broker` "
        "through "
        "deprecated /etc/hosts entries and link env vars",
    ],
    "realworld/sdk-orchestrator-config": [
        "fleet/entities.py:36:13: DLK401 links `self.links` through the docker SDK on a "
        "network delink cannot see (`self.network_mode`): legacy links if it is the default "
        "bridge, ignored by the engine on a user-defined network",
    ],
    "realworld/sdk-partition-tool": [
        "chaos/core.py:30:13: DLK401 legacy links computed at run time (`links`) through the "
        "docker SDK on the default bridge network: delink cannot see their targets, so there "
        "is no fix",
    ],
    "realworld/sdk-shell-template": ["archivetest/wrappers.py:21:13: DLK301"],
    "sdk-app": [
        "app/config.py:6:22: DLK501",
        "app/config.py:7:26: DLK501",
        "app/config.py:8:22: DLK501",
        "app/config.py:9:26: DLK501",
        "app/config.py:10:26: DLK501",
        "app/config.py:14:16: DLK501",
        "app/config.py:15:16: DLK501",
        "deploy/stack.py:26:13: DLK401 legacy links `notes-db:db` and `notes-cache:redis` "
        "through the docker SDK on the default bridge network: `notes-web` reaches "
        "`notes-db` and `notes-cache` through deprecated /etc/hosts entries and link env "
        "vars; its consumers read `DB_ENV_POSTGRES_USER`, `DB_ENV_POSTGRES_PASSWORD`, "
        "`DB_PORT_5432_TCP_ADDR` and 4 more",
        "deploy/stack.py:34:9: DLK401 legacy links `notes-db:db` and `notes-cache:redis` "
        "through the docker SDK on the default bridge network: `notes-worker` reaches "
        "`notes-db` and `notes-cache` through deprecated /etc/hosts entries and link env "
        "vars; its consumers read `DB_ENV_POSTGRES_USER`, `DB_ENV_POSTGRES_PASSWORD`, "
        "`DB_PORT_5432_TCP_ADDR` and 4 more",
    ],
    "realworld/sdk-indirect-receivers": [
        "provision/attach.py:9:40: DLK405 network-scoped links computed at run time (`links`, "
        "`Network.connect`): DNS aliases only this container resolves on `network_name`; no "
        "env vars, no /etc/hosts entries",
        "provision/host.py:12:31: DLK404 `start(…, links=…)` with `links`: docker-py 2.0 "
        "removed host configuration at start time, so the call raises DeprecatedMethod",
        "provision/host.py:17:27: DLK404 `start(…, links=…)` with `upstream:app`: docker-py "
        "2.0 removed host configuration at start time, so the call raises DeprecatedMethod",
        "provision/jobs.py:32:48: DLK401 legacy link `pg:db` through the docker SDK on the "
        "default bridge network: the `app:latest` container reaches `pg` through deprecated "
        "/etc/hosts entries and link env vars",
        "provision/jobs.py:35:52: DLK401 legacy link `pg:db` through the docker SDK on the "
        "default bridge network: the `backup:latest` container reaches `pg` through "
        "deprecated /etc/hosts entries and link env vars",
        "provision/jobs.py:42:52: DLK401 legacy links `pg:db` and `es:search` through the "
        "docker SDK on the default bridge network: the `search-indexer` container reaches "
        "`pg` and `es` through deprecated /etc/hosts entries and link env vars",
        "provision/pool.py:16:33: DLK404 `start(…, links=…)` with `pg:db` and `rabbit:amqp`: "
        "docker-py 2.0 removed host configuration at start time, so the call raises "
        "DeprecatedMethod",
        "provision/remote.py:6:21: DLK404 `start(…, links=…)` with `pg:db`: docker-py 2.0 "
        "removed host configuration at start time, so the call raises DeprecatedMethod",
        "provision/stack.py:29:18: DLK404 `start(…, links=…)` with `pg:db`: docker-py 2.0 "
        "removed host configuration at start time, so the call raises DeprecatedMethod",
    ],
    "realworld/sdk-kwargs-dicts": [
        "launcher/legacy.py:8:57: DLK404 `start(…, links=…)` with `target:db`: docker-py 2.0 "
        "removed host configuration at start time, so the call raises DeprecatedMethod",
        "launcher/legacy.py:13:38: DLK405 network-scoped link `db:database` "
        "(`connect_container_to_network`): `database` is a DNS alias only this container "
        "resolves on `network`; no env vars, no /etc/hosts entries",
        "launcher/options.py:7:5: DLK401 legacy link `registry:registry` through the docker "
        "SDK on the default bridge network: `name` reaches `registry` through deprecated "
        "/etc/hosts entries and link env vars",
        "launcher/options.py:23:5: DLK401 legacy links `cache:cache` and `registry:registry` "
        "through the docker SDK on the default bridge network: `name` reaches `cache` and "
        "`registry` through deprecated /etc/hosts entries and link env vars",
        "launcher/options.py:31:19: DLK401 legacy link `cache:cache` through the docker SDK "
        "on the default bridge network: `name` reaches `cache` through deprecated /etc/hosts "
        "entries and link env vars",
        "launcher/options.py:41:51: DLK401 legacy link `web:app` through the docker SDK on "
        "the default bridge network: `name` reaches `web` through deprecated /etc/hosts "
        "entries and link env vars",
    ],
    "realworld/sdk-helper-kwargs": [
        "provision/agent.py:13:9: DLK404 `start(…, links=…)` with `links`: docker-py 2.0 "
        "removed host configuration at start time, so the call raises DeprecatedMethod",
        "provision/argv.py:11:22: DLK301",
        "provision/endpoints.py:8:13: DLK405 network-scoped links computed at run time "
        "(`[(self.cname(name), alias or name) for name, alias in endpoint.links]`, "
        "`create_endpoint_config`): DNS aliases only this container resolves on `network`; "
        "no env vars, no /etc/hosts entries",
        "provision/hostcfg.py:18:13: DLK401 links `self.links` through the docker SDK on a "
        "network delink cannot see (`self.module.params.get('net')`): legacy links if it is "
        "the default bridge, ignored by the engine on a user-defined network",
        "provision/policy.py:9:13: DLK401 legacy links computed at run time "
        "(`{cls.cname(container_map.name, name): alias for name, alias in config.links}`) in "
        "a dict of docker host-config keyword arguments: the container started with it uses "
        "deprecated links on the default bridge network; no fix, since delink cannot see the "
        "docker call",
        "provision/registry.py:16:23: DLK404 `start(…, links=…)` with "
        "`broker['name']:broker['alias']`: docker-py 2.0 removed host configuration at start "
        "time, so the call raises DeprecatedMethod",
        "provision/shellout.py:11:10: DLK301",
        "provision/shellout.py:18:29: DLK301",
        "provision/spawner.py:11:43: DLK401 legacy links computed at run time "
        "(`host_config['links']`) through the docker SDK on the default bridge network: "
        "delink cannot see their targets, so there is no fix",
        "provision/wrappers.py:8:28: DLK401 legacy link `name + '-db':db` handed to "
        "`start_docker_container(…)`, a docker helper of the project: the container started "
        "with it uses deprecated links on the default bridge network; no fix, since delink "
        "cannot see the docker call",
        "provision/wrappers.py:17:43: DLK401 legacy link `hub:hub` handed to `run(…)`, a docker "
        "helper of the project: the container started with it uses deprecated links on the "
        "default bridge network; no fix, since delink cannot see the docker call",
        "provision/wrappers.py:22:33: DLK401 legacy link `hub:hub` handed to `run(…)`, a docker "
        "helper of the project: the container started with it uses deprecated links on the "
        "default bridge network; no fix, since delink cannot see the docker call",
    ],
    "realworld/sdk-python2-client": [
        "bin/spawn.py:17:1: DLK101",
        "bin/spawn.py:21:18: DLK404 `start(…, links=…)` with `name + '-db':mysql`: docker-py "
        "2.0 removed host configuration at start time, so the call raises DeprecatedMethod",
        "bin/wait_db.py:5:20: DLK501",
        "bin/wait_db.py:6:28: DLK501",
        "bin/wait_db.py:12:1: DLK101",
    ],
    "realworld/env-shape-readers": [
        "linkenv/__init__.py:5:22: DLK502",
        "linkenv/__init__.py:20:28: DLK502",
        "linkenv/__init__.py:21:30: DLK502",
        "linkenv/__init__.py:26:29: DLK502",
        "linkenv/cli.py:7:48: DLK502",
    ],
    # lines 12-13 point at `mysql` on the network `blog` the container joins: what a
    # migration leaves, no shim
    "realworld/env-setters": [
        "deploy/up.py:15:16: DLK503",
        "deploy/up.py:18:21: DLK503",
    ],
    "negative/env-expectations-and-tool-ports": [],
    "negative/jsonapi-links": [],
    "negative/tracing-span-links": [],
}


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_diagnostics(fixture: str) -> None:
    old = os.getcwd()
    os.chdir(ROOT / fixture)
    try:
        result = Linter(Settings(root=Path("."))).lint(["."])
    finally:
        os.chdir(old)
    got = []
    for d in result.diagnostics:
        if not d.path.endswith(".py") or d.code == "DLK307":  # DLK307: see DLK406
            continue
        row, col = result.files[d.path].position(d.span.start)
        line = f"{d.path.removeprefix('./')}:{row}:{col}: {d.code}"
        got.append(f"{line} {d.message}" if d.code.startswith("DLK4") else line)
    assert got == EXPECTED[fixture]
