#!/bin/sh
# Start a Docker daemon for the engine tests and make the busybox image bb:latest.
#
# Idempotent and bounded: installs only what is missing (as root, from Debian's
# packages), starts dockerd with the vfs storage driver only when `docker info` fails,
# waits at most DOCKERD_WAIT seconds (default 90; then prints the log tail and exits 1),
# and imports bb:latest from the static busybox only when the image is missing. No image
# registry is needed. See /work/shared/spec/engine-lab.md.
set -eu

LOG=${DOCKERD_LOG:-/tmp/dockerd.log}
WAIT=${DOCKERD_WAIT:-90}
APPLETS="sh env cat sleep nc ping hostname nslookup grep sort sed wget"

need=""
command -v docker >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1 || need="$need docker.io"
[ -x /bin/busybox ] && dpkg -s busybox-static >/dev/null 2>&1 || need="$need busybox-static"
command -v iptables >/dev/null 2>&1 || need="$need iptables"
command -v docker-compose >/dev/null 2>&1 || need="$need docker-compose"
if [ -n "$need" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "start-engine.sh: missing packages:$need (run as root to install them)" >&2
        exit 1
    fi
    echo "start-engine.sh: installing$need"
    timeout 600 apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq $need
fi

if ! docker info >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "start-engine.sh: no Docker daemon answers and only root can start one" >&2
        exit 1
    fi
    echo "start-engine.sh: starting dockerd (log: $LOG)"
    setsid nohup dockerd --storage-driver=vfs >"$LOG" 2>&1 </dev/null &
    waited=0
    until docker info >/dev/null 2>&1; do
        if [ "$waited" -ge "$WAIT" ]; then
            echo "start-engine.sh: dockerd did not answer within ${WAIT}s; last log lines:" >&2
            tail -n 40 "$LOG" >&2 || true
            exit 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
fi

if ! docker image inspect bb:latest >/dev/null 2>&1; then
    root=$(mktemp -d)
    trap 'rm -rf "$root"' EXIT
    mkdir -p "$root/bin"
    cp /bin/busybox "$root/bin/"
    for applet in $APPLETS; do
        ln -s busybox "$root/bin/$applet"
    done
    tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' - bb:latest >/dev/null
    echo "start-engine.sh: imported bb:latest"
fi

echo "start-engine.sh: Docker $(docker version --format '{{.Server.Version}}') ready, bb:latest present"
