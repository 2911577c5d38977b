#!/usr/bin/env bash
# Installs what the tests need (with apt, when missing) and runs every test.
#   ./test.sh                      all tests
#   ./test.sh --filter Rollout     only tests whose name matches
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Only what is missing: a machine with NodeSource's nodejs already has npm, and Debian's npm conflicts with it.
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v setsid >/dev/null 2>&1 || missing+=(util-linux)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
[ -x /bin/busybox ] || missing+=(busybox-static)
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# Deploys from Git fetch with git and make SSH deploy keys with ssh-keygen.
command -v git >/dev/null 2>&1 || missing+=(git)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
# The platform services' tests run a real PostgreSQL, Redis, MariaDB and RabbitMQ from the machine's binaries, as
# their users; the amqp test app's client is Debian's python3-pika.
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
[ -d /usr/lib/python3/dist-packages/pika ] || missing+=(python3-pika)
# E-mail notifications are tested against a real SMTP server: Debian's aiosmtpd.
[ -d /usr/lib/python3/dist-packages/aiosmtpd ] || missing+=(python3-aiosmtpd)
# The source builders' tests build with the machine's own toolchains; the Java app builds offline from Debian's Maven
# repository, which the plugin packages fill.
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
command -v composer >/dev/null 2>&1 || missing+=(composer)
command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -d /usr/share/maven-repo/org/apache/maven/plugins/maven-jar-plugin ] ||
  missing+=(libmaven-compiler-plugin-java libmaven-resources-plugin-java libmaven-jar-plugin-java libsurefire-java)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  # Debian starts the machine's own RabbitMQ (and epmd on 4369) where systemd runs: Gantry runs its own servers.
  if [[ " ${missing[*]} " == *" rabbitmq-server "* ]] && command -v systemctl >/dev/null 2>&1; then
    $sudo systemctl disable --now rabbitmq-server.service epmd.socket epmd.service >/dev/null 2>&1 || true
  fi
  # Likewise the machine's own SSH server: the Git tests start their own sshd on a port of their own.
  if [[ " ${missing[*]} " == *" openssh-server "* ]] && command -v systemctl >/dev/null 2>&1; then
    $sudo systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true
  fi
fi

# The container runtime's tests talk to a real Podman through its Docker-compatible API.
engine_dir="$PWD/artifacts/podman"
DOCKER_HOST="$(tests/engine/podman.sh start "$engine_dir")"
export DOCKER_HOST
trap 'tests/engine/podman.sh stop "$engine_dir"' EXIT

filter=()
if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then
  filter=(--filter "$2")
fi

dotnet build Gantry.slnx -c Release --nologo -v quiet

# The suite starts hundreds of short-lived Gantry processes (servers, gateways, CLI commands) and is bound by CPU:
# profiling the JIT's first tier (PGO) and recompiling hot methods cost those processes more than they ever win back.
# Measured on 'gantry up' (CPU until it serves and the next 15 s): 4.4 s by default, 2.7 s with these two settings.
export DOTNET_TieredPGO=0 DOTNET_TC_CallCountingDelayMs=60000
dotnet test Gantry.slnx -c Release --no-build --nologo "${filter[@]}" \
  --logger "console;verbosity=normal" --results-directory artifacts/test-results
