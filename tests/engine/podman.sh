#!/usr/bin/env bash
# A Podman API service (Docker-compatible) for the tests, with its own configuration and storage in DIR.
#   tests/engine/podman.sh start DIR    starts it if needed; prints the DOCKER_HOST to use
#   tests/engine/podman.sh stop DIR     stops it by its PID
# See ../shared/REAL-COMPONENTS.md: runc (crun fails on hybrid cgroups), cgroupfs, file events, modest ulimits.
set -euo pipefail
action="${1:?usage: podman.sh start|stop DIR}"
dir="$(mkdir -p "${2:?usage: podman.sh start|stop DIR}" && cd "$2" && pwd)"
socket="$dir/podman.sock"
pidfile="$dir/podman.pid"

export CONTAINERS_CONF="$dir/containers.conf" CONTAINERS_STORAGE_CONF="$dir/storage.conf" CONTAINERS_REGISTRIES_CONF="$dir/registries.conf"

case "$action" in
  start)
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && [ -S "$socket" ]; then
      echo "unix://$socket"
      exit 0
    fi
    cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
    cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "overlay"
graphroot = "$dir/storage"
runroot = "$dir/run"
CONF
    # The pull tests run a registry (Debian's docker-registry) on one of these ports, over plain HTTP.
    : >"$CONTAINERS_REGISTRIES_CONF"
    for port in $(seq 25550 25559); do
      printf '[[registry]]\nlocation = "127.0.0.1:%s"\ninsecure = true\n\n' "$port" >>"$CONTAINERS_REGISTRIES_CONF"
    done
    rm -f "$socket"
    nohup podman system service --time=0 "unix://$socket" >"$dir/service.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 100); do
      [ -S "$socket" ] && curl -sf --unix-socket "$socket" http://d/v1.41/_ping >/dev/null 2>&1 && { echo "unix://$socket"; exit 0; }
      sleep 0.1
    done
    echo "podman.sh: the Podman API did not come up; see $dir/service.log" >&2
    cat "$dir/service.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile" "$socket"
    fi
    ;;
  *)
    echo "usage: podman.sh start|stop DIR" >&2
    exit 2
    ;;
esac
