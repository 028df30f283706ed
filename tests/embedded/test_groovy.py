"""Jenkinsfiles: sh steps, GString interpolation, Docker Pipeline flags."""

from __future__ import annotations

from delink.sources.embedded.groovy import decode_string, tokens

from .helpers import extract, links, reads, sets

JENKINSFILE = """\
pipeline {
  environment { REDIS_PORT_6379_TCP = 'tcp://cache:6379' }
  stages {
    stage('t') {
      steps {
        // sh 'docker run --link old:old x'
        sh 'docker build -t app .'
        script {
          docker.image('postgres:15').withRun('-e POSTGRES_PASSWORD=x') { c ->
            sh \"\"\"
              docker run --rm --link ${c.id}:postgis \\
                -e HOST=postgis app:${BUILD_NUMBER} sh -c 'echo \\$POSTGIS_PORT_5432_TCP_ADDR'
            \"\"\"
            docker.image('app').inside("--link ${c.id}:db") {
              sh 'echo $DB_PORT_5432_TCP_ADDR'
            }
          }
        }
        sh(returnStdout: true, script: "docker run --link=cache:redis app")
        sh label: 'x', script: '''docker run --link q:mq app'''
        bat 'docker run --link win:win app'
        echo "${env.API_PORT_80_TCP_ADDR}"
      }
    }
  }
}
"""


def test_jenkinsfile() -> None:
    src, facts = extract("groovy", JENKINSFILE, "Jenkinsfile")
    assert links(src, facts) == [
        (11, 31, "--link ${c.id}:postgis", "postgis"),
        (14, 41, "--link ${c.id}:db", "db"),
        (19, 52, "--link=cache:redis", "redis"),
        (20, 46, "--link q:mq", "mq"),
    ]
    assert reads(src, facts) == [
        (12, 67, "POSTGIS_PORT_5432_TCP_ADDR"),
        (15, 25, "DB_PORT_5432_TCP_ADDR"),
        (22, 21, "API_PORT_80_TCP_ADDR"),
    ]
    assert sets(src, facts) == [(2, 17, "REDIS_PORT_6379_TCP")]
    with_run = facts.links[0].target_container
    assert with_run is not None and with_run is facts.links[1].target_container
    assert with_run.image is not None and with_run.image.literal == "postgres:15"
    inside_read = next(r for r in facts.reads if r.name == "DB_PORT_5432_TCP_ADDR")
    inside = next(c for c in facts.containers if c.image is not None and c.image.literal == "app")
    assert inside_read.container_key == inside.key


def test_gstring_decoding_keeps_offsets() -> None:
    text = 'sh "a \\$B ${c.id}:x $v.w \\"q\\""\n'
    tok = next(t for t in tokens(text) if t.kind == "string")
    got = decode_string(text, tok)
    assert got is not None
    value, omap = got
    assert value == 'a $B ${c_id}:x $v_w "q"'
    assert text[omap(value.index("$B"))] == "\\"
    assert text[omap(value.index("${c_id}") + 3)] == "."
    assert text[omap(value.index(":x") + 1)] == "x"


def test_crlf_and_slashy_strings() -> None:
    text = "def r = /docker run --link no:no/\r\nsh 'docker run --link yes:y x'\r\n"
    src, facts = extract("groovy", text, "build.groovy")
    assert links(src, facts) == [(2, 16, "--link yes:y", "y")]


def test_declarative_docker_agent_args() -> None:
    text = (
        "pipeline {\n"
        "  agent {\n"
        "    docker {\n"
        "      image 'maven:3'\n"
        "      args '-v /tmp:/tmp --link db:db'\n"
        "    }\n"
        "  }\n"
        "}\n"
    )
    src, facts = extract("groovy", text, "Jenkinsfile")
    assert links(src, facts) == [(5, 26, "--link db:db", "db")]
    [container] = facts.containers
    assert container.image is not None and container.image.literal == "maven:3"
