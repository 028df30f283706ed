"""The pure model of Docker's legacy link semantics (no I/O, no file parsing).

Specification: ``link-semantics.md``. Importing this package is cheap: the image port
table is loaded on first use of :func:`image_ports`.
"""

from __future__ import annotations

from delink.model.envnames import (
    AMBIGUOUS_SHAPES,
    ENV_PREFIX_DENYLIST,
    SHAPES,
    UNAMBIGUOUS_LINK_VAR_RE,
    UNAMBIGUOUS_LINK_VAR_RE_BYTES,
    LinkVar,
    alias_regex,
    aliases_for_prefix,
    is_possible_prefix,
    is_unambiguous_link_var,
    link_var_candidates,
    parse_link_var,
    prefix_matches_alias,
)
from delink.model.hosts import default_hostname, hosts_line, hosts_names
from delink.model.imageenv import image_env
from delink.model.kinds import LinkKind, NetworkKind
from delink.model.linkenv import (
    dedupe_env,
    default_port,
    env_prefix,
    go_upper,
    link_env,
    sort_ports,
)
from delink.model.linkspec import (
    LinkSpec,
    LinkSpecError,
    link_name,
    parse_link,
    stored_form,
)
from delink.model.network import (
    CONTAINER_NETWORK_LINKS_MESSAGE,
    HOST_NETWORK_LINKS_MESSAGE,
    NETWORK_ALIAS_MESSAGE,
    classify_network,
    env_injected,
    link_kind,
    network_alias_allowed,
    network_connect_link_kind,
    reject_message,
    sanitize_network_name,
    valid_network_name,
)
from delink.model.ports import (
    dockerfile_expose,
    image_ports,
    normalize_port,
    parse_expose,
    parse_publish,
    split_port,
)
from delink.model.values import EXACTNESS, explicit_link_env, explicit_value
from delink.model.version import (
    deprecation_warning,
    env_off_by_default,
    env_removed,
    old_env_algorithm,
    parse_engine,
)

__all__ = [
    "AMBIGUOUS_SHAPES",
    "CONTAINER_NETWORK_LINKS_MESSAGE",
    "ENV_PREFIX_DENYLIST",
    "EXACTNESS",
    "HOST_NETWORK_LINKS_MESSAGE",
    "NETWORK_ALIAS_MESSAGE",
    "SHAPES",
    "UNAMBIGUOUS_LINK_VAR_RE",
    "UNAMBIGUOUS_LINK_VAR_RE_BYTES",
    "LinkKind",
    "LinkSpec",
    "LinkSpecError",
    "LinkVar",
    "NetworkKind",
    "alias_regex",
    "aliases_for_prefix",
    "classify_network",
    "dedupe_env",
    "default_hostname",
    "default_port",
    "deprecation_warning",
    "dockerfile_expose",
    "env_injected",
    "env_off_by_default",
    "env_prefix",
    "env_removed",
    "explicit_link_env",
    "explicit_value",
    "go_upper",
    "hosts_line",
    "hosts_names",
    "image_env",
    "image_ports",
    "is_possible_prefix",
    "is_unambiguous_link_var",
    "link_env",
    "link_kind",
    "link_name",
    "link_var_candidates",
    "network_alias_allowed",
    "network_connect_link_kind",
    "normalize_port",
    "old_env_algorithm",
    "parse_engine",
    "parse_expose",
    "parse_link",
    "parse_link_var",
    "parse_publish",
    "prefix_matches_alias",
    "reject_message",
    "sanitize_network_name",
    "sort_ports",
    "split_port",
    "stored_form",
    "valid_network_name",
]
