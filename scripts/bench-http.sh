#!/usr/bin/env bash
# Throughput and latency of the bridge's JWKS under wrk, next to nginx serving the same JSON as a
# static file, in one run on this machine. Uses the release build (make bench-http builds it).
set -euo pipefail
bin=${BIN:-.build/release}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
dir=$(mktemp -d /tmp/aks-bench-http-XXXX)
chmod 755 "$dir"
cleanup() {
  [ -n "${bridge:-}" ] && kill "$bridge" 2>/dev/null || true
  [ -n "${daemon:-}" ] && kill "$daemon" 2>/dev/null || true
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

"$bin/apikeyserv" --data-dir "$dir/data" --generate-signing-key-if-none --log-level warning & daemon=$!
for _ in $(seq 100); do [ -S "$dir/data/admin.sock" ] && break; sleep 0.1; done
"$bin/apikeyctl" signing-key generate --socket "$dir/data/admin.sock" >/dev/null 2>&1
"$bin/apikey-http" --socket "$dir/data/apikeyserv.sock" --port 18080 --log-level warning & bridge=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/readyz >/dev/null && break; sleep 0.1; done

mkdir -p "$dir/www/signingkeys"
curl -sf http://127.0.0.1:18080/signingkeys/ > "$dir/www/signingkeys/index.json"
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx.err warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server {
    listen 127.0.0.1:18081;
    root $dir/www;
    location = /signingkeys/ { try_files /signingkeys/index.json =404; add_header Cache-Control "public, max-age=60"; }
  }
}
CONF
nginx -c "$dir/nginx.conf"
sleep 0.3
echo "JWKS: $(wc -c < "$dir/www/signingkeys/index.json") bytes, 2 keys; wrk -t$threads -c$connections -d$duration --latency"
for target in "apikey-http http://127.0.0.1:18080/signingkeys/" "nginx-static-1-worker http://127.0.0.1:18081/signingkeys/"; do
  set -- $target
  echo "== $1"
  curl -s -o /dev/null -w "   check: HTTP %{http_code}, %{size_download} bytes\n" "$2"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$2" | grep -E "Requests/sec|Latency|50%|90%|99%|Transfer|requests in|Non-2xx|Socket errors"
done
echo "== propagation: daemon change -> bridge response"
${PYTHON:-.build/venv/bin/python} scripts/propagation.py "$dir/data/admin.sock" http://127.0.0.1:18080/signingkeys/ 20
