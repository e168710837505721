#!/usr/bin/env bash
# IssueKey (and the in-memory RPCs beside it) on PostgreSQL and on SQLite, one run, release build:
# a throwaway PostgreSQL cluster (fsync on, as in production) on loopback with password
# authentication, a daemon on it, apikeyserv-bench with 1 and 64 callers; then the same against a
# daemon on SQLite. Needs `make release` and Debian's postgresql.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/aks-pgbench-XXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
port=$((20000 + RANDOM % 20000))
cleanup() {
  [ -n "${daemon:-}" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
  as_pg "$bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "$password" > "$work/pw"
[ "$(id -u)" = 0 ] && chown -R postgres "$work"
as_pg "$bin/initdb" -D "$work/data" -U apikeyserv --pwfile="$work/pw" -A scram-sha-256 >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
max_connections = 100
CONF
echo "host all all 127.0.0.1/32 scram-sha-256" >> "$work/data/pg_hba.conf"
as_pg "$bin/pg_ctl" -D "$work/data" -l "$work/log" -w start >/dev/null </dev/null
PGPASSWORD=$password psql -q -h 127.0.0.1 -p "$port" -U apikeyserv -d postgres -c "CREATE DATABASE keys"
run() {  # run NAME ARGS...: a daemon with ARGS, the benchmark against it
  local name=$1; shift
  local dir=$work/$name
  mkdir -m 0711 "$dir"
  .build/release/apikeyserv --data-dir "$dir" --generate-signing-key-if-none --log-level warning "$@" &
  daemon=$!
  for _ in $(seq 100); do [ -S "$dir/admin.sock" ] && [ -S "$dir/apikeyserv.sock" ] && break; sleep 0.1; done
  echo "== $name ($(nproc) cores, $(date -u +%FT%TZ))"
  .build/release/apikeyserv-bench rpc --admin-socket "$dir/admin.sock" --socket "$dir/apikeyserv.sock" \
    --concurrency 64 --count "${COUNT:-3000}"
  kill "$daemon"; wait "$daemon" || true; daemon=
}
echo "$password" > "$work/db-password"
run postgres --database "postgres://apikeyserv@127.0.0.1:$port/keys?sslmode=disable" \
  --database-password-file "$work/db-password" --database-pool-size 8
run sqlite
