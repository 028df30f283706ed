"""Data flow inside one file: links carried by variables and arrays, resolved values."""

from __future__ import annotations

from delink.sources.shell.syntax import LinkSyntax

from .helpers import at, extract, link_texts


def test_links_in_a_variable_are_reported_where_written() -> None:
    text = 'LINKS="--link a:a --link b:b"\ndocker run -d $LINKS img\n'
    f = extract(text)
    assert link_texts(text, f) == ["--link a:a", "--link b:b"]
    assert [x.span.start for x in f.links] == [7, 18]  # inside the assignment
    c = f.containers[0]
    assert c.links == f.links
    assert all(x.via is not None and at(text, x.via) == "$LINKS" for x in f.links)
    (via,) = f.links_via
    assert via.variable == "LINKS" and via.followed
    assert at(text, via.span) == "$LINKS"
    assert [at(text, s) for s in via.links] == ["--link a:a", "--link b:b"]
    assert via.container_key == c.key
    ls = f.links[0].syntax
    assert isinstance(ls, LinkSyntax) and ls.assignment is not None
    assert ls.assignment.variable == "LINKS"


def test_quoted_expansion_is_one_word() -> None:
    text = 'L="--link a:a"\ndocker run "$L" img\n'
    f = extract(text)
    # docker sees one argument "--link a:a": a long flag with an unknown name
    assert f.links == []


def test_variable_holding_another_variable() -> None:
    text = 'DB="--link db:db"\nALL="$DB --link cache:redis"\ndocker run $ALL img\n'
    f = extract(text)
    assert link_texts(text, f) == ["--link db:db", "--link cache:redis"]
    assert f.links[0].span.start == text.index("--link db:db")
    assert f.links[1].span.start == text.index("--link cache:redis")


def test_append_to_a_string() -> None:
    text = 'L="--link a:a"\nL="$L --link b:b"\nL+=" --link c:c"\ndocker run $L img\n'
    assert link_texts(text, extract(text)) == ["--link a:a", "--link b:b", "--link c:c"]


def test_arrays() -> None:
    text = (
        "ARGS=(-d --name web)\n"
        'ARGS+=(--link "$svc:$alias")\n'
        "ARGS+=(--link=db:db)\n"
        'docker run "${ARGS[@]}" img\n'
    )
    f = extract(text)
    assert link_texts(text, f) == ['--link "$svc:$alias"', "--link=db:db"]
    c = f.containers[0]
    assert c.name is not None and c.name.literal == "web"
    link = f.links[0]
    assert link.alias is not None and link.alias.display == "$alias"
    assert link.via is not None and at(text, link.via) == "${ARGS[@]}"


def test_resolved_name_literal() -> None:
    text = 'NAME=db\nNET="appnet"\ndocker run --name "$NAME" --network $NET --link x:y img\n'
    c = extract(text).containers[0]
    assert c.name is not None and c.name.literal == "db"
    assert c.name.raw == '"$NAME"'
    assert c.network is not None and c.network.literal == "appnet"
    assert c.links[0].kind.value == "endpoint"


def test_env_value_from_a_variable() -> None:
    text = 'PW=s3cret\ndocker run -e POSTGRES_PASSWORD=$PW -e "USER=$U" db\n'
    env = extract(text).containers[0].env
    assert [(e.name, e.value.raw, e.value.literal, e.value.display) for e in env if e.value] == [
        ("POSTGRES_PASSWORD", "$PW", "s3cret", "$PW"),
        ("USER", "$U", None, "$U"),
    ]


def test_unfollowed_link_variable() -> None:
    text = "docker run -d $EXTRA_LINKS img\n"
    f = extract(text)
    assert f.links == []
    (via,) = f.links_via
    assert (via.variable, via.followed, via.links) == ("EXTRA_LINKS", False, ())
    assert at(text, via.span) == "$EXTRA_LINKS"


def test_link_variable_with_an_unknown_value() -> None:
    text = "LINKS=$(cat links.txt)\ndocker run -d $LINKS img\n"
    (via,) = extract(text).links_via
    assert (via.variable, via.followed) == ("LINKS", False)
    assert at(text, via.span) == "$LINKS"


def test_unknown_options_variable_is_not_the_image() -> None:
    c = extract("docker run $OPTS --link a:b myimage\n").containers[0]
    assert c.image is not None and c.image.literal == "myimage"
    assert [x.value.literal for x in c.links] == ["a:b"]


def test_unknown_variable_is_the_image_when_nothing_follows() -> None:
    c = extract("docker run -d --link a:b $IMAGE\n").containers[0]
    assert c.image is not None and c.image.display == "$IMAGE"


def test_function_defined_before_the_assignment() -> None:
    text = 'start() {\n  docker run $LINKS --name web app\n}\nLINKS="--link db:db"\nstart\n'
    f = extract(text)
    assert link_texts(text, f) == ["--link db:db"]


def test_docker_command_in_a_variable() -> None:
    text = 'DOCKER="sudo docker"\n$DOCKER run --link a:b img\n'
    f = extract(text)
    assert link_texts(text, f) == ["--link a:b"]


def test_unset_forgets_a_value() -> None:
    text = 'L="--link a:a"\nunset L\ndocker run $L img\n'
    assert extract(text).links == []


def test_container_id_through_a_variable_chain() -> None:
    text = "CID=$(docker run -d --name db postgres)\ndocker run --link ${CID}:db app\n"
    f = extract(text)
    db = f.containers[0]
    assert f.links[0].target_container is db
