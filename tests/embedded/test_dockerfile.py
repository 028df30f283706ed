"""Dockerfiles: instructions, image config, embedded shell and pattern consumers."""

from __future__ import annotations

from delink.sources.dockerfile import SOURCE, parse
from delink.sources.embedded import split_lines
from delink.text import SourceText

from .helpers import extract, links, reads, sets


def test_image_config() -> None:
    src, facts = extract(
        "dockerfile",
        "ARG PORT=8080\n"
        "FROM node:20 AS build\n"
        "EXPOSE 9999\n"
        "FROM debian\n"
        "ARG PORT\n"
        "ENV APP_HOME /srv/app\n"
        'ENV DB_HOST=db REDIS_PORT_6379_TCP="tcp://cache:6379" \\\n'
        "    GREETING='hello world'\n"
        "EXPOSE ${PORT} 53/UDP 7000-7001\n"
        "COPY --chown=app docker-entrypoint.sh wait.sh /usr/local/bin/\n"
        "COPY --from=build /out/run.sh /usr/bin/\n"
        "WORKDIR $APP_HOME\n"
        "COPY scripts/ ./scripts/\n"
        'ENTRYPOINT ["docker-entrypoint.sh"]\n'
        "CMD ./scripts/serve.sh --port $PORT\n",
        "svc/api/Dockerfile",
    )
    [cfg] = facts.image_configs
    assert cfg.context == "svc/api"
    assert cfg.path == "svc/api/Dockerfile"
    assert cfg.ports == ("8080/tcp", "53/udp", "7000/tcp", "7001/tcp")
    assert cfg.env == (
        ("APP_HOME", "/srv/app"),
        ("DB_HOST", "db"),
        ("REDIS_PORT_6379_TCP", "tcp://cache:6379"),
        ("GREETING", "hello world"),
    )
    assert cfg.scripts == ("svc/api/docker-entrypoint.sh", "svc/api/scripts/serve.sh")
    assert sets(src, facts) == [(7, 16, "REDIS_PORT_6379_TCP")]


def test_stage_inheritance_and_plain_commands_are_not_scripts() -> None:
    _src, facts = extract(
        "dockerfile",
        "FROM ruby AS base\nEXPOSE 3000\nWORKDIR /app\nCOPY . .\n"
        'FROM base\nCMD ["bundle", "exec", "puma", "config.ru"]\n',
        "Dockerfile",
    )
    [cfg] = facts.image_configs
    assert cfg.context == "."
    assert cfg.ports == ("3000/tcp",)
    assert cfg.scripts == ()


def test_run_shell_continuations_comments_and_escape_directive() -> None:
    text = (
        "# escape=`\r\n"
        "FROM debian\r\n"
        "RUN echo $DB_PORT_5432_TCP_ADDR && `\r\n"
        "# a comment inside the instruction\r\n"
        "    docker run --link db:db app\r\n"
        "# RUN docker run --link old:old app\r\n"
    )
    src, facts = extract("dockerfile", text, "Dockerfile")
    assert links(src, facts) == [(5, 16, "--link db:db", "db")]
    assert reads(src, facts) == [(3, 11, "DB_PORT_5432_TCP_ADDR")]


def test_heredocs_and_exec_form() -> None:
    text = (
        "FROM alpine\n"
        "RUN <<EOF\n"
        "echo $MYSQL_ENV_MYSQL_PASSWORD\n"
        "EOF\n"
        "RUN python3 <<-PY\n"
        "\timport os\n"
        "\tPY\n"
        "COPY <<EOF /start.sh\n"
        "#!/bin/sh\n"
        "exec app --cache $CACHE_PORT_11211_TCP_ADDR\n"
        "EOF\n"
        'CMD ["sh", "-c", "echo \\"$WEB_PORT_80_TCP\\" && docker run --link web:web x"]\n'
    )
    src, facts = extract("dockerfile", text, "Dockerfile")
    assert reads(src, facts) == [
        (3, 7, "MYSQL_ENV_MYSQL_PASSWORD"),
        (10, 19, "CACHE_PORT_11211_TCP_ADDR"),
        (12, 27, "WEB_PORT_80_TCP"),
    ]
    assert links(src, facts) == [(12, 59, "--link web:web", "web")]


def test_pattern_consumer() -> None:
    text = (
        "FROM alpine\n"
        "CMD env | grep '_PORT_[0-9]*_TCP=' | sed 's/.*_PORT_\\([0-9]*\\)_TCP=.*/x/' | sh\n"
    )
    src, facts = extract("dockerfile", text, "Dockerfile")
    [read] = facts.reads
    assert read.pattern and read.name == "*_PORT_*_TCP"
    assert src.text[read.span.start : read.span.end] == "_PORT_[0-9]*_TCP"
    assert src.position(read.span.start) == (2, 17)


def test_parse_keeps_host_offsets() -> None:
    text = "FROM a\nRUN one \\\n  two\n"
    ins = parse(split_lines(text))
    run = ins[1]
    assert run.keyword == "RUN"
    assert run.args == "one   two"
    assert [text[run.amap(i)] for i in range(len(run.args))] == list("one   two")


def test_validate() -> None:
    before = SourceText("Dockerfile", "FROM a\nRUN docker run --link db:db x\n")
    after = SourceText("Dockerfile", "FROM a\nRUN docker run --network n x\n")
    assert SOURCE.validate(before, after) is None


def test_healthcheck_and_onbuild_run_in_the_container() -> None:
    text = (
        "FROM postgres\n"
        "HEALTHCHECK --interval=5s CMD pg_isready -h $DB_PORT_5432_TCP_ADDR\n"
        'ONBUILD RUN ["sh", "-c", "echo $CACHE_ENV_X"]\n'
    )
    src, facts = extract("dockerfile", text, "Dockerfile")
    assert reads(src, facts) == [(2, 46, "DB_PORT_5432_TCP_ADDR"), (3, 33, "CACHE_ENV_X")]


def test_link_vars_expanded_in_env_values_are_reads() -> None:
    text = (
        "FROM python:2.7\n"
        "ENV DB_URI postgresql://app@$DB_PORT_5432_TCP_ADDR:${DB_PORT_5432_TCP_PORT}/app\n"
        "ENV CACHE=redis://$CACHE_HOST:6379 DB_NAME=$DB_NAME\n"
    )
    src, facts = extract("dockerfile", text, "Dockerfile")
    assert reads(src, facts) == [(2, 30, "DB_PORT_5432_TCP_ADDR"), (2, 54, "DB_PORT_5432_TCP_PORT")]
    assert {text[r.span.start : r.span.end] for r in facts.reads} == {
        "DB_PORT_5432_TCP_ADDR",
        "DB_PORT_5432_TCP_PORT",
    }
