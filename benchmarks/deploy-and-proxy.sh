#!/usr/bin/env bash
# Measures, in one run on this machine:
#   1. the time from `gantry deploy` of an already-built app to its first 200 through the gateway;
#   2. the gateway's requests/s and latency against hitting the app's instance directly (wrk, alternating runs).
# Writes the results to docs/benchmarks.md (or $OUT) with the command that produced them.
#
#   benchmarks/deploy-and-proxy.sh                 # defaults: 5 deploys, 3 rounds of 10 s per target
#   DEPLOYS=3 ROUNDS=2 DURATION=5s benchmarks/deploy-and-proxy.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"

DEPLOYS="${DEPLOYS:-5}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
OUT="${OUT:-$repo/docs/benchmarks.md}"

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v nginx >/dev/null 2>&1 || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

./gantry --help >/dev/null   # builds Gantry if needed, outside the measurements

work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || shuf -i 20000-30000 -n 1; }
http_port=$(free_port); admin_port=$(free_port)
export GANTRY_DATA="$work/data" GANTRY_SERVER="http://127.0.0.1:$admin_port"

./gantry up --data "$GANTRY_DATA" --http-port "$http_port" --admin-port "$admin_port" --http-address 127.0.0.1 --no-sample >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$admin_port/healthz" >/dev/null && break; sleep 0.2; done

now_ms() { date +%s%3N; }

# One app folder per deploy, all with the same sources (only gantry.yaml differs, which builds leave out):
# the first deploy builds, every timed one reuses that build.
make_app() {
  local dir="$work/apps/$1"; mkdir -p "$dir"
  cp samples/hello/Program.cs samples/hello/hello.csproj samples/hello/score.yaml "$dir/"
  printf 'name: %s\nworkloads:\n  - score: score.yaml\n' "$1" >"$dir/gantry.yaml"
  echo "$dir/gantry.yaml"
}

echo "building the sample once..." >&2
./gantry deploy -f "$(make_app hello)" --wait >"$work/first-deploy.log" 2>&1 || { cat "$work/first-deploy.log" "$work/server.log" >&2; exit 1; }

deploy_times=()
for i in $(seq 1 "$DEPLOYS"); do
  app="bench$i"
  file="$(make_app "$app")"
  start=$(now_ms)
  ./gantry deploy -f "$file" >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $app.localhost" "http://127.0.0.1:$http_port/")" = 200 ]; do
    [ $(( $(now_ms) - start )) -lt 120000 ] || { echo "$app was not served within 2 minutes" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.02
  done
  deploy_times+=($(( $(now_ms) - start )))
done
sorted=($(printf '%s\n' "${deploy_times[@]}" | sort -n))
median_deploy=${sorted[$(( ${#sorted[@]} / 2 ))]}

instance_port=$(./gantry status hello --json | grep -A3 '"ports"' | grep -o '"8080": [0-9]*' | grep -o '[0-9]*$' | head -n1)

run_wrk() { # target-name url [host]
  local out
  if [ -n "${3:-}" ]; then
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Host: $3" "$2")
  else
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$2")
  fi
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "$1 $rps $p50 $p99 ${errors:-none}"
}

to_ms() { # wrk latency like 1.23ms, 950.00us, 1.02s → milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# nginx in front of the same instance: the peer a reverse proxy is judged against.
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  upstream app { server 127.0.0.1:$instance_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$host; }
  }
}
NGINX
nginx -c "$work/nginx.conf"

# A short unrecorded run per target first, so no round measures JIT warm-up.
WARMUP=3s
for target in "http://127.0.0.1:$instance_port/" "http://127.0.0.1:$nginx_port/" "http://127.0.0.1:$http_port/"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Host: hello.localhost" "$target" >/dev/null
done

results=()
for r in $(seq 1 "$ROUNDS"); do
  results+=("$(run_wrk direct "http://127.0.0.1:$instance_port/")")
  results+=("$(run_wrk nginx "http://127.0.0.1:$nginx_port/" hello.localhost)")
  results+=("$(run_wrk gateway "http://127.0.0.1:$http_port/" hello.localhost)")
done

avg() { # target column
  printf '%s\n' "${results[@]}" | awk -v t="$1" -v c="$2" '$1 == t { s += $c; n++ } END { printf "%.0f", s / n }'
}
avg_ms() { # target column (latency)
  printf '%s\n' "${results[@]}" | while read -r t rps p50 p99 _; do
    if [ "$t" = "$1" ]; then
      if [ "$2" = 3 ]; then to_ms "$p50"; else to_ms "$p99"; fi
      echo
    fi
  done | awk '{ s += $1; n++ } END { printf "%.2f", s / n }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
direct_rps=$(avg direct 2); nginx_rps=$(avg nginx 2); gateway_rps=$(avg gateway 2)
direct_p50=$(avg_ms direct 3); nginx_p50=$(avg_ms nginx 3); gateway_p50=$(avg_ms gateway 3)
direct_p99=$(avg_ms direct 4); nginx_p99=$(avg_ms nginx 4); gateway_p99=$(avg_ms gateway 4)

# benchmarks/gateway/run.sh owns its own section of the file: keep it.
gateway_section=""
[ -f "$OUT" ] && gateway_section=$(sed -n '/<!-- gateway-benchmark:start -->/,/<!-- gateway-benchmark:end -->/p' "$OUT")

cat >"$OUT" <<EOF
# Benchmarks

Measured on $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), .NET $(dotnet --version), by:

\`\`\`sh
DEPLOYS=$DEPLOYS ROUNDS=$ROUNDS DURATION=$DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS benchmarks/deploy-and-proxy.sh
\`\`\`

These machines are shared and noisy: read the ratios, which compare runs made minutes apart in the same
invocation, rather than the absolute numbers.

## Deploy to first request

Time from starting \`gantry deploy -f gantry.yaml\` for a new app whose sources were built before (the build
is reused) until the gateway answers its host with 200. The sample app (ASP.NET Core) is used; the time
includes starting the CLI, uploading, validating, storing the release, starting the app's process and its
readiness check.

| deploys | median | min | max |
|---|---|---|---|
| $DEPLOYS | ${median_deploy} ms | ${sorted[0]} ms | ${sorted[-1]} ms |

## Gateway overhead

\`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` against the sample's instance directly, through nginx (one worker,
keep-alive to the instance) and through Gantry's gateway (\`Host: hello.localhost\`), alternating, $ROUNDS rounds
each after a $WARMUP unrecorded warm-up of each; averages of the rounds. wrk, the proxy and the app share the
machine's cores, so a proxy's numbers include competing with the app for CPU.

| target | requests/s | p50 | p99 | requests/s vs direct | vs nginx |
|---|---|---|---|---|---|
| instance directly | $direct_rps | $direct_p50 ms | $direct_p99 ms | 1.00× | |
| nginx | $nginx_rps | $nginx_p50 ms | $nginx_p99 ms | $(ratio "$nginx_rps" "$direct_rps")× | 1.00× |
| Gantry gateway | $gateway_rps | $gateway_p50 ms | $gateway_p99 ms | $(ratio "$gateway_rps" "$direct_rps")× | $(ratio "$gateway_rps" "$nginx_rps")× |

p99 through the gateway is $(ratio "$gateway_p99" "$direct_p99")× the direct p99 and $(ratio "$gateway_p99" "$nginx_p99")× nginx's.

Every round:

| target | requests/s | p50 | p99 | errors |
|---|---|---|---|---|
$(printf '%s\n' "${results[@]}" | awk '{ e = ""; for (i = 5; i <= NF; i++) e = e " " $i; printf "| %s | %s | %s | %s |%s |\n", $1, $2, $3, $4, e }')
EOF
[ -n "$gateway_section" ] && printf '\n%s\n' "$gateway_section" >>"$OUT"
echo "wrote $OUT" >&2
cat "$OUT"
