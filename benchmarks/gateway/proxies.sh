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
  if [ "$(cat "/proc/$main/comm" 2>/dev/null)" = gantry ]; then
    # gantry up: its own process and its gateway's, not the app instances it also started (the backend among them).
    echo "$main" $(pgrep -P "$main" -x gantry-gateway || true)
  else
    echo "$main" $(pgrep -P "$main" || true)
  fi
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

# nginx doing what Gantry's bulkhead does, for the same flood: app A limited to N connections (503 past them),
# app B plain. Two workers, like the other nginx.
start_nginx_bulkhead() { # port limit flooded-backend-port calm-backend-port
  cat >"$work/nginx-bulkhead.conf" <<NGINX
worker_processes 2;
pid $work/nginx-bulkhead.pid;
error_log $work/nginx-bulkhead-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  limit_conn_zone \$server_name zone=apps:1m;
  limit_conn_status 503;
  upstream flooded { server 127.0.0.1:$3; keepalive 64; }
  upstream calm { server 127.0.0.1:$4; keepalive 64; }
  server {
    listen 127.0.0.1:$1;
    server_name flooded.bench;
    limit_conn apps $2;
    location / { proxy_pass http://flooded; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  server {
    listen 127.0.0.1:$1;
    server_name calm.bench;
    location / { proxy_pass http://calm; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
  nginx -c "$work/nginx-bulkhead.conf"
}
