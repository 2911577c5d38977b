#!/usr/bin/env bash
# Measures, in one run on this machine, Gantry's backing services against doing the same by hand with the same tools:
#   1. provisioning a postgres resource for a new app on a running server (Gantry's resource.provisioning →
#      resource.ready events) against CREATE ROLE + CREATE DATABASE on a peer PostgreSQL started beside it;
#   2. backing up and restoring ~100 MB of rows: `gantry backup create` / `gantry backup restore` against pg_dump -Fc /
#      pg_restore --clean --single-transaction run directly on the same database.
# Writes the results to docs/benchmarks.md (or $OUT) between resources-benchmark markers.
#
#   benchmarks/resources.sh                        # defaults: 5 new apps, 100 MB, 3 rounds of backup and restore
#   APPS=3 MEGABYTES=20 ROUNDS=1 benchmarks/resources.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"

APPS="${APPS:-5}"
MEGABYTES="${MEGABYTES:-100}"
ROUNDS="${ROUNDS:-3}"
OUT="${OUT:-$repo/docs/benchmarks.md}"

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$pg_bin" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }
export PATH="$pg_bin:$PATH"
./gantry --help >/dev/null   # builds Gantry if needed, outside the measurements

work="$(mktemp -d)"
chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_port=$(free_port); admin_port=$(free_port); peer_port=$(free_port)
export GANTRY_DATA="$work/data" GANTRY_SERVER="http://127.0.0.1:$admin_port"

./gantry up --data "$GANTRY_DATA" --http-port "$http_port" --admin-port "$admin_port" --http-address 127.0.0.1 --no-sample --no-https >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  runuser -u postgres -- pg_ctl -D "$work/peer" -m fast stop >/dev/null 2>&1 || true
  kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$admin_port/healthz" >/dev/null && break; sleep 0.2; done

now_ms() { date +%s%3N; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# An app that needs only its database to be ready: a python3 server answering /healthz.
make_app() {
  local dir="$work/apps/$1"; mkdir -p "$dir"
  cat >"$dir/app.py" <<'PY'
import http.server, os
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header('content-length', '2'); self.end_headers(); self.wfile.write(b'ok')
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()
PY
  cat >"$dir/score.yaml" <<YAML
apiVersion: score.dev/v1b1
metadata:
  name: web
service:
  ports:
    http: { port: 80, targetPort: 8080 }
containers:
  main:
    image: .
    command: ["/usr/bin/python3", "app.py"]
    variables:
      DB_HOST: \${resources.db.host}
      DB_PASSWORD: \${resources.db.password}
resources:
  db:
    type: postgres
YAML
  printf 'name: %s\nworkloads:\n  - score: score.yaml\n' "$1" >"$dir/gantry.yaml"
  echo "$dir/gantry.yaml"
}

# Milliseconds between an app's resource.provisioning and resource.ready events.
provision_ms() {
  curl -sf -H "Authorization: Bearer $(cat "$GANTRY_DATA/admin-token")" "http://127.0.0.1:$admin_port/api/v1/events?app=$1&limit=100" \
    | python3 -c '
import json, sys, datetime
events = json.load(sys.stdin)
at = lambda kind: max(datetime.datetime.fromisoformat(e["time"]) for e in events if e["kind"] == kind)
print(round((at("resource.ready") - at("resource.provisioning")).total_seconds() * 1000))'
}

echo "starting the platform's PostgreSQL with a first app..." >&2
first_start=$(now_ms)
./gantry deploy -f "$(make_app warm)" --wait >"$work/warm.log" 2>&1 || { cat "$work/warm.log" "$work/server.log" >&2; exit 1; }
first_ms=$(( $(now_ms) - first_start ))
first_provision=$(provision_ms warm)

gantry_provision=()
for i in $(seq 1 "$APPS"); do
  ./gantry deploy -f "$(make_app "bench$i")" --wait >/dev/null
  gantry_provision+=("$(provision_ms "bench$i")")
done

echo "starting a peer PostgreSQL..." >&2
install -d -o postgres -m 700 "$work/peer" "$work/peer-run"
runuser -u postgres -- initdb -D "$work/peer" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- pg_ctl -D "$work/peer" -l "$work/peer-run/log" -w -o "-c listen_addresses=127.0.0.1 -p $peer_port -k $work/peer-run" start >/dev/null
peer_provision=()
for i in $(seq 1 "$APPS"); do
  start=$(now_ms)
  psql -X -q -h 127.0.0.1 -p "$peer_port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE bench$i LOGIN PASSWORD 'bench-password-$i'" -c "CREATE DATABASE bench$i OWNER bench$i" -c "REVOKE ALL ON DATABASE bench$i FROM PUBLIC"
  peer_provision+=($(( $(now_ms) - start )))
done

echo "writing ${MEGABYTES} MB of rows..." >&2
outputs=$(./gantry resources show warm db --reveal --json)
value() { printf '%s' "$outputs" | python3 -c "import json, sys; print(json.load(sys.stdin)['outputs']['$1'])"; }
export PGHOST=$(value host) PGPORT=$(value port) PGDATABASE=$(value name) PGUSER=$(value username) PGPASSWORD=$(value password)
rows=$(( MEGABYTES * 1024 * 1024 / 136 ))   # a row of this table takes about 136 bytes on disk
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE big (id bigint PRIMARY KEY, body text)" \
  -c "INSERT INTO big SELECT g, repeat(md5(g::text), 2) FROM generate_series(1, $rows) g"
size_mb=$(psql -X -At -c "SELECT round(pg_total_relation_size('big') / 1048576.0)")

gantry_backup=(); gantry_restore=(); peer_backup=(); peer_restore=()
for _ in $(seq 1 "$ROUNDS"); do
  start=$(now_ms); ./gantry backup create warm db >/dev/null; gantry_backup+=($(( $(now_ms) - start )))
  start=$(now_ms); ./gantry backup restore warm db --yes >/dev/null; gantry_restore+=($(( $(now_ms) - start )))
  start=$(now_ms); pg_dump -Fc >"$work/peer.dump"; peer_backup+=($(( $(now_ms) - start )))
  start=$(now_ms); pg_restore --clean --if-exists --single-transaction --no-owner -d "$PGDATABASE" <"$work/peer.dump"; peer_restore+=($(( $(now_ms) - start )))
done
[ "$(psql -X -At -c 'SELECT count(*) FROM big')" = "$rows" ] || { echo "the restored table lost rows" >&2; exit 1; }
dump_mb=$(du -m "$work/peer.dump" | cut -f1)

gp=$(median "${gantry_provision[@]}"); pp=$(median "${peer_provision[@]}")
gb=$(median "${gantry_backup[@]}"); pb=$(median "${peer_backup[@]}")
gr=$(median "${gantry_restore[@]}"); pr=$(median "${peer_restore[@]}")
section="$work/section.md"
{
  echo "<!-- resources-benchmark:start -->"
  echo "## Backing services: provisioning, backup and restore"
  echo
  echo "Measured on $(date +%F) on $(nproc) cores ($(uname -m)), $(dotnet --version 2>/dev/null | sed 's/^/.NET /'), PostgreSQL $(postgres --version | awk '{ print $NF }'), by:"
  echo
  echo '```sh'
  echo "APPS=$APPS MEGABYTES=$MEGABYTES ROUNDS=$ROUNDS benchmarks/resources.sh"
  echo '```'
  echo
  echo "The first postgres resource on a fresh data directory initializes and starts the platform's server: ${first_provision} ms"
  echo "from its resource.provisioning to its resource.ready event (the whole first deploy, app included: ${first_ms} ms)."
  echo "Every later app's database is made on the running server. The peer does the same SQL by hand (CREATE ROLE,"
  echo "CREATE DATABASE, REVOKE) on a second PostgreSQL started beside it, through one psql call."
  echo
  echo "| per new app | median ms | runs (ms) |"
  echo "|---|---|---|"
  echo "| Gantry: resource.provisioning → resource.ready | $gp | ${gantry_provision[*]} |"
  echo "| peer: psql CREATE ROLE + CREATE DATABASE | $pp | ${peer_provision[*]} |"
  echo "| ratio Gantry / peer | $(ratio "$gp" "$pp")× | |"
  echo
  echo "Backup and restore of one table of ${size_mb} MB ($rows rows; the custom-format dump is ${dump_mb} MB): \`gantry backup"
  echo "create\` (CLI, API, pg_dump into an owner-only file, row counts before and after, SHA-256 of the file) and \`gantry"
  echo "backup restore --yes\` (checksum check, pg_restore in one transaction) against pg_dump -Fc and pg_restore"
  echo "--clean --single-transaction run directly on the same database, alternating, $ROUNDS rounds."
  echo
  echo "| operation | Gantry median ms | peer median ms | Gantry / peer | Gantry runs | peer runs |"
  echo "|---|---|---|---|---|---|"
  echo "| backup | $gb | $pb | $(ratio "$gb" "$pb")× | ${gantry_backup[*]} | ${peer_backup[*]} |"
  echo "| restore | $gr | $pr | $(ratio "$gr" "$pr")× | ${gantry_restore[*]} | ${peer_restore[*]} |"
  echo
  echo "Where Gantry's extra time goes: starting the CLI and the API round trip (about half a second per command here),"
  echo "the two exact row counts around the dump (for backup verify), and the SHA-256 of the file, read once more"
  echo "before a restore. Provisioning adds starting psql twice (the role and database, then the extensions step) and"
  echo "recording the result."
  echo "<!-- resources-benchmark:end -->"
} >"$section"

if [ -f "$OUT" ] && grep -q '<!-- resources-benchmark:start -->' "$OUT"; then
  awk -v section="$section" '
    /<!-- resources-benchmark:start -->/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- resources-benchmark:end -->/ { skip = 0; next }
    !skip { print }' "$OUT" >"$work/out.md"
else
  { [ -f "$OUT" ] && cat "$OUT" && echo; cat "$section"; } >"$work/out.md"
fi
cp "$work/out.md" "$OUT"
echo "wrote $OUT" >&2
cat "$section"
