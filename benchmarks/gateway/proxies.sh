# Config and start of each peer proxy, sourced by run.sh. Every proxy: both cores, keep-alive to the backend,
# no access log, listening on 127.0.0.1.

start_nginx() { # port backend-port
  cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:$2; keepalive 64; }
  server {
    listen 127.0.0.1:$1;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$host; }
  }
}
NGINX
  nginx -c "$work/nginx.conf"
}

start_haproxy() { # port backend-port
  cat >"$work/haproxy.cfg" <<HAPROXY
global
  nbthread 2
  maxconn 8192
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
frontend bench
  bind 127.0.0.1:$1
  default_backend app
backend app
  http-reuse always
  server s1 127.0.0.1:$2
HAPROXY
  haproxy -f "$work/haproxy.cfg" -D -p "$work/haproxy.pid"
}

start_caddy() { # port backend-port
  cat >"$work/Caddyfile" <<CADDY
{
  admin off
  auto_https off
}
http://:$1 {
  bind 127.0.0.1
  reverse_proxy 127.0.0.1:$2
}
CADDY
  XDG_DATA_HOME="$work/caddy-data" XDG_CONFIG_HOME="$work/caddy-config" caddy run --config "$work/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
  echo $! >"$work/caddy.pid"
}

# The processes that make up a proxy, for CPU and memory: a pid file's process and its children.
proxy_pids() { # pid-file
  local main; main=$(cat "$1")
  echo "$main" $(pgrep -P "$main" || true)
}

cpu_ticks() { # pids...
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") ))
  done
  echo "$total"
}

rss_mb() { # pids...
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/status" ] || continue
    total=$(( total + $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status") ))
  done
  echo $(( total / 1024 ))
}
