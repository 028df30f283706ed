"""docker run / create: links with exact spans, the CLI grammar, container fields."""

from __future__ import annotations

import pytest

from delink.model import LinkKind
from delink.sources.shell.syntax import CommandSyntax
from delink.text import SourceText

from .helpers import at, extract, link_texts


@pytest.mark.parametrize(
    ("script", "links", "targets", "aliases"),
    [
        ("docker run --link db:db img", ["--link db:db"], ["db"], ["db"]),
        ("docker run --link=db:alias img", ["--link=db:alias"], ["db"], ["alias"]),
        ("docker run --link db img", ["--link db"], ["db"], ["db"]),
        ("docker run --link=influxdb img", ["--link=influxdb"], ["influxdb"], ["influxdb"]),
        (
            'docker container run --link "redis:redis" img',
            ['--link "redis:redis"'],
            ["redis"],
            ["redis"],
        ),
        (
            "docker run --link a:x --link b:y img",
            ["--link a:x", "--link b:y"],
            ["a", "b"],
            ["x", "y"],
        ),
        ("docker run -link old:o img", ["-link old:o"], ["old"], ["o"]),
        ("docker run -link=old:o img", ["-link=old:o"], ["old"], ["o"]),
        ("docker create --link /db:/web/db img", ["--link /db:/web/db"], ["db"], ["db"]),
        ("docker container create --link=a:b img", ["--link=a:b"], ["a"], ["b"]),
        ("sudo docker run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("sudo -E -u root docker run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ('"$DOCKER" run --link a:b img', ["--link a:b"], ["a"], ["b"]),
        ("${DOCKER:-docker} run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("$DOCKER_BIN container run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("command docker run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("exec docker run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("time docker run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("nohup docker run --link a:b img &", ["--link a:b"], ["a"], ["b"]),
        ("env X=1 docker run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("X=1 docker run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("docker -H tcp://h:2375 --tlsverify run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("docker -l debug run --link a:b img", ["--link a:b"], ["a"], ["b"]),
        ("/usr/bin/docker run --link a:b img", ["--link a:b"], ["a"], ["b"]),
    ],
)
def test_link_spellings(
    script: str, links: list[str], targets: list[str], aliases: list[str]
) -> None:
    f = extract(script + "\n")
    assert link_texts(script, f) == links
    assert [x.target.literal for x in f.links if x.target] == targets
    assert [x.alias.literal for x in f.links if x.alias] == aliases
    for x in f.links:
        assert x.target is not None and x.alias is not None
        assert at(script, x.target.span) == x.target.literal
        assert at(script, x.alias.span) == x.alias.literal
    assert all(x.consumer is f.containers[0] for x in f.links)


def test_link_local_ip_is_another_flag() -> None:
    f = extract("docker run --link-local-ip 169.254.1.1 --link a:b img\n")
    assert [x.value.literal for x in f.links] == ["a:b"]
    assert f.containers[0].image is not None and f.containers[0].image.literal == "img"


def test_value_span_and_raw() -> None:
    text = 'docker run --link="db:alias" img\n'
    link = extract(text).links[0]
    assert at(text, link.span) == '--link="db:alias"'
    assert at(text, link.value.span) == '"db:alias"'
    assert link.value.raw == '"db:alias"'
    assert link.value.literal == "db:alias"


def test_quoted_flag_and_value() -> None:
    text = 'docker run "--link=db:alias" img\n'
    link = extract(text).links[0]
    assert at(text, link.span) == '"--link=db:alias"'
    assert link.value.raw == "db:alias"
    assert link.alias is not None and at(text, link.alias.span) == "alias"


def test_variable_target_keeps_alias() -> None:
    text = "docker run --link postgres-$APP_NAME:postgres img\n"
    link = extract(text).links[0]
    assert link.target is not None and link.alias is not None
    assert link.target.literal is None
    assert link.target.display == "postgres-$APP_NAME"
    assert at(text, link.target.span) == "postgres-$APP_NAME"
    assert link.alias.literal == "postgres"


def test_colon_inside_an_expansion_is_not_the_separator() -> None:
    text = "docker run --link=${1:-mydb}:db img\n"
    link = extract(text).links[0]
    assert link.target is not None and link.alias is not None
    assert link.target.display == "${1:-mydb}"
    assert link.alias.literal == "db"
    assert at(text, link.alias.span) == "db"


@pytest.mark.parametrize(
    ("value", "error"),
    [('""', "empty string specified for links"), ("a:b:c", "bad format for links: a:b:c")],
)
def test_invalid_specs(value: str, error: str) -> None:
    link = extract(f"docker run --link {value} img\n").links[0]
    assert link.error == error
    assert link.target is None and link.alias is None


def test_empty_alias() -> None:
    link = extract("docker run --link=cache: img\n").links[0]
    assert link.error is None
    assert link.alias is not None and link.alias.literal == ""


@pytest.mark.parametrize(
    ("flags", "kind"),
    [
        ("", LinkKind.LEGACY),
        ("--network bridge", LinkKind.LEGACY),
        ("--net=default", LinkKind.LEGACY),
        ("--network mynet", LinkKind.ENDPOINT),
        ("--net=host", LinkKind.REJECTED),
        ("--network container:x", LinkKind.REJECTED),
        ("--network none", LinkKind.NOOP),
        ("--network $NET", LinkKind.UNKNOWN),
        ("--network mynet --network other", LinkKind.ENDPOINT),
        ("--network bridge --network other", LinkKind.LEGACY),
    ],
)
def test_link_kind_follows_the_first_network(flags: str, kind: LinkKind) -> None:
    f = extract(f"docker run {flags} --link a:b img\n")
    assert f.links[0].kind is kind


def test_flags_after_the_image_belong_to_its_command() -> None:
    f = extract("docker run -d myimage --link a:b\n")
    assert f.links == []
    c = f.containers[0]
    assert c.image is not None and c.image.literal == "myimage"


@pytest.mark.parametrize(
    ("flags", "image"),
    [
        ("-dit", "img"),
        ("-p8080:80 -eX=1", "img"),
        ("-e=X=1", "img"),
        ("--rm --name web -v /a:/b -w /w -u 1000", "img"),
        ("--entrypoint sh --restart always --log-opt max-size=1m", "img"),
        ("--health-cmd 'curl -f x' --health-interval 5s", "img"),
        ("--cpus 2 --memory 1g --shm-size 1g --ulimit nofile=1:2", "img"),
        ("--label a=b -l c=d --label-file f --annotation x=y", "img"),
        ("-a stdout --attach stderr -m 1g -c 512 -h host", "img"),
        ("--platform linux/amd64 --pull always --sig-proxy=false -q", "img"),
        ("--mount type=bind,src=/a,dst=/b --tmpfs /t --device /dev/x", "img"),
        ("--", "img"),
        ("-P --init --privileged --read-only", "img"),
    ],
)
def test_image_is_found_after_every_flag(flags: str, image: str) -> None:
    f = extract(f"docker run {flags} --link a:b {image} cmd --link x:y\n")
    c = f.containers[0]
    if flags == "--":  # `--` ends the flags: the next word is the image
        assert c.image is not None and c.image.literal == "--link"
        assert c.links == []
        return
    assert c.image is not None and c.image.literal == image
    assert [x.value.literal for x in c.links] == ["a:b"]


def test_container_fields() -> None:
    text = (
        "docker run -d --name web --hostname webhost --network appnet --network-alias www "
        "--net-alias w2 -e A=1 -e B --env=C=3 --env-file ./env --expose 9000 "
        "-p 8080:80 -p 53:53/udp -P --link db:db nginx:1.25\n"
    )
    c = extract(text).containers[0]
    assert c.key == "run.sh:0"
    assert c.origin == "docker run"
    assert c.language == "shell"
    assert at(text, c.anchor) == "docker run"
    assert c.name is not None and c.name.literal == "web"
    assert c.hostname is not None and c.hostname.literal == "webhost"
    assert c.network is not None and c.network.literal == "appnet"
    assert [v.literal for v in c.networks] == ["appnet"]
    assert [v.literal for v in c.network_aliases] == ["www", "w2"]
    assert [(e.name, e.value.literal if e.value else None) for e in c.env] == [
        ("A", "1"),
        ("B", None),
        ("C", "3"),
    ]
    assert [at(text, e.span) for e in c.env] == ["A=1", "B", "C=3"]
    assert [v.literal for v in c.env_files] == ["./env"]
    assert c.ports == ["9000/tcp", "80/tcp", "53/udp"]
    assert c.publish_all
    assert c.image is not None and c.image.literal == "nginx:1.25"


def test_docker_create_origin_and_anchor() -> None:
    text = "docker container create --link a:b img\n"
    c = extract(text).containers[0]
    assert c.origin == "docker create"
    assert at(text, c.anchor) == "docker container create"


def test_multi_line_command_and_continuations() -> None:
    text = (
        "docker run \\\n"
        "  -it \\\n"
        "  --link postgres-$APP_NAME:postgres \\\n"
        "  --rm \\\n"
        "  postgres:9.5.3 \\\n"
        "  sh -c \\\n"
        "  'exec psql -h \"$POSTGRES_PORT_5432_TCP_ADDR\"'\n"
    )
    f = extract(text)
    assert link_texts(text, f) == ["--link postgres-$APP_NAME:postgres"]
    c = f.containers[0]
    assert c.image is not None and c.image.literal == "postgres:9.5.3"
    syn = c.syntax
    assert isinstance(syn, CommandSyntax) and syn.continuation


def test_commented_out_continuation_line_is_not_a_link() -> None:
    text = "docker run -d \\\n  --link a:a \\\n  img\n# docker run \\\n#  --link b:b \\\n#  img\n"
    assert link_texts(text, extract(text)) == ["--link a:a"]


def test_backslash_space_is_an_escaped_space_not_a_continuation() -> None:
    # `\ ` is a word (an escaped space): the image; --link is an argument of its command
    text = "docker run -d \\  --link a:a img\n"
    f = extract(text)
    assert f.links == []
    c = f.containers[0]
    assert c.image is not None and c.image.literal == " "


def test_forgotten_continuation_joins_the_flag_lines() -> None:
    # docs often lose a backslash: a docker run that ends in its options, followed by
    # lines that start with a flag, is read as one command (what its author meant)
    text = (
        "docker run --name s -d \\\n"
        "    -v /etc/x:/y\n"
        "    -v a:/b \\\n"
        "    --link postgresql:database \\\n"
        "    silverpeas\n"
        "echo next\n"
    )
    f = extract(text)
    assert link_texts(text, f) == ["--link postgresql:database"]
    c = f.containers[0]
    assert c.image is not None and c.image.literal == "silverpeas"
    assert at(text, c.span).endswith("silverpeas")


def test_a_complete_command_is_not_joined() -> None:
    text = "docker run -d img\n-v a:b --link x:y\n"
    assert extract(text).links == []


@pytest.mark.parametrize(
    "script",
    [
        "CID=$(docker run -d --link a:b img)",
        "CID=$(\n  docker run -d \\\n  --link a:b \\\n  img \\\n)",
        "CID=`docker run -d --link a:b img`",
        "until docker run --link a:b img; do sleep 1; done",
        "if docker run --link a:b img; then :; fi",
        "docker ps | grep x && docker run --link a:b img",
        "true || docker run --link a:b img | tee log",
        "f() {\n  docker run --link a:b img\n}",
        "( docker run --link a:b img )",
        "{ docker run --link a:b img; }",
        "case $1 in\n  up) docker run --link a:b img ;;\nesac",
        "for i in 1 2; do docker run --link a:b img; done",
        'echo "$(docker run --link a:b img)"',
        "[[ -n $X ]] && docker run --link a:b img",
        "docker run --link a:b img >/dev/null 2>&1 &",
    ],
)
def test_command_positions(script: str) -> None:
    f = extract(script + "\n")
    assert link_texts(script, f) == ["--link a:b"]


def test_two_commands_on_one_line() -> None:
    text = "docker run --link a:a x; docker run --link=b:b y\n"
    f = extract(text)
    assert link_texts(text, f) == ["--link a:a", "--link=b:b"]
    assert [c.key for c in f.containers] == ["run.sh:0", "run.sh:25"]


def test_mentions_are_not_links() -> None:
    text = (
        "# docker run --link a:b img\n"
        "echo 'docker run --link a:b img'\n"
        'echo "use docker run --link some_mysql_container:mysql"\n'
        "cat <<EOF\ndocker run --link a:b img\nEOF\n"
        "docker ps --filter name=link\n"
        "printf '%s' \"--link a:b\"\n"
    )
    f = extract(text)
    assert f.links == []
    assert f.containers == []


def test_id_variable_and_target_container() -> None:
    text = (
        "DB_CID=$(docker create -e MYSQL_ROOT_PASSWORD=x mysql:5.7)\n"
        "docker start $DB_CID\n"
        "WP_CID=$( \\\n"
        "docker create \\\n"
        "--link $DB_CID:mysql \\\n"
        "-p 8000:80 \\\n"
        "wordpress:5.0 \\\n"
        ")\n"
    )
    f = extract(text)
    db, wp = f.containers
    assert db.id_variable == "DB_CID"
    assert wp.id_variable == "WP_CID"
    link = wp.links[0]
    assert at(text, link.span) == "--link $DB_CID:mysql"
    assert link.target_container is db
    assert link.alias is not None and link.alias.literal == "mysql"


def test_heredoc_given_to_a_shell_or_ssh() -> None:
    text = (
        'L="--link a:b"\n'
        "ssh deploy@host <<EOF\n"
        "  docker run -d $L img\n"
        "EOF\n"
        "bash -s <<-X\n"
        "\tdocker run --link c:d y\n"
        "X\n"
        "cat <<EOF\n"
        "docker run --link e:f z\n"
        "EOF\n"
        "ssh host 'uptime' <<EOF\n"
        "docker run --link g:h z\n"
        "EOF\n"
    )
    f = extract(text)
    assert link_texts(text, f) == ["--link a:b", "--link c:d"]
    assert f.links[0].via is not None and at(text, f.links[0].via) == "$L"


def test_runners_run_their_arguments() -> None:
    """bats's `run` (and its options) and a function that runs "$@" are runners: the
    docker command after them is read; a function that only prints "$@" is not one."""
    text = (
        "runit() {\n"
        '  if [ "$DRY" = 1 ]; then echo "$@"; else "$@"; fi\n'
        "}\n"
        'show() { echo "$@"; }\n'
        "run docker run --rm --link db:one app\n"
        "run ! docker run --link db:two app\n"
        "runit sudo docker run --link db:three app\n"
        "show docker run --link db:four app\n"
    )
    src = SourceText("run.sh", text)
    facts = extract(text)
    rows = [(*src.position(x.span.start), at(text, x.span)) for x in facts.links]
    assert rows == [
        (5, 21, "--link db:one"),
        (6, 18, "--link db:two"),
        (7, 23, "--link db:three"),
    ]
