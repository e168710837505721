#!/usr/bin/env bash
# The profiles behind the misses in bench/results.md (make profile): perf's cpu-clock sampling
# (the only events these virtual machines have) of
#   - the daemon under IssueKey from 64 callers, and under the health check for comparison:
#     CPU time per call by thread, by library, and the functions that take it;
#   - the bridge under wrk on /signingkeys/.
# Writes bench/profile-issuekey.txt, bench/profile-check.txt and bench/profile-bridge.txt.
# Needs a release build and perf (Debian's linux-perf).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release
out=bench
work=$(mktemp -d /tmp/aks-profile-XXXX)
chmod 755 "$work"
cleanup() {
  for pid in ${bridge:-} ${daemon:-}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_daemon() {
  "$bin/apikeyserv" --data-dir "$work/data" --generate-signing-key-if-none --log-level warning &
  daemon=$!
  for _ in $(seq 100); do [ -S "$work/data/admin.sock" ] && break; sleep 0.1; done
  sleep 0.5
}

# summarize TITLE PERF_DATA CALLS FILE: the samples as CPU per call, by thread, library, function.
summarize() {
  set +o pipefail  # head closes the pipe early
  local title=$1 data=$2 calls=$3 file=$4
  local samples
  samples=$(perf report -i "$data" --stdio -g none --no-children --sort comm -n 2>/dev/null \
    | awk '/^ +[0-9]/ {sum += $2} END {print sum}')
  {
    echo "# $title"
    echo "# $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), $(nproc) cores;" \
      "perf record -e cpu-clock -F 2000 -g; $calls calls"
    echo "# $samples samples at 2000/s: $(awk -v s="$samples" -v c="$calls" \
      'BEGIN {printf "%.0f", s / 2000 / c * 1e6}') µs of CPU per call"
    echo
    echo "## by thread (share of the process's CPU)"
    perf report -i "$data" --stdio -g none --no-children --sort comm 2>/dev/null \
      | grep -E '^ +[0-9]'
    echo
    echo "## by library (self)"
    perf report -i "$data" --stdio -g none --no-children --sort dso 2>/dev/null \
      | grep -E '^ +[0-9]' | head -12
    echo
    echo "## functions by self time, the first 40"
    perf report -i "$data" --stdio -g none --no-children --sort symbol 2>/dev/null \
      | grep -E '^ +[0-9]' | head -40 | cut -c1-200
    echo
    echo "## this project's, the store's, the transport's and the kernel's I/O, inclusive"
    perf report -i "$data" --stdio -g none --children --sort symbol 2>/dev/null \
      | grep -E '^ +[0-9]' \
      | grep -E 'APIKey|GRDB|sqlite3_step|GRPC|NIOHTTP2.*(processFrame|configure)|Hummingbird|NIOHTTP1|crypto_sign|fdatasync|pwrite|writev|futex|Base64|TokenSigner' \
      | head -45 | cut -c1-200
  } > "$file"
  set -o pipefail
  echo "wrote $file"
}

profile_rpc() {  # profile_rpc PATH TITLE FILE
  start_daemon
  perf record -e cpu-clock -F 2000 -g -p "$daemon" -o "$work/$1.data" 2>/dev/null &
  local perf=$!
  sleep 0.3
  "$bin/apikeyserv-bench" rpc --admin-socket "$work/data/admin.sock" \
    --socket "$work/data/apikeyserv.sock" --count 8000 --rounds 1 --callers 64 --paths "$1"
  kill -INT "$perf"; wait "$perf" || true
  kill "$daemon"; wait "$daemon" || true; daemon=
  rm -rf "$work/data"
  summarize "$2" "$work/$1.data" 8000 "$3"
}

profile_rpc issue-key "apikeyserv under IssueKey, 64 callers" "$out/profile-issuekey.txt"
profile_rpc check-admin "apikeyserv under Health.Check on the admin socket, 64 callers" \
  "$out/profile-check.txt"

start_daemon
"$bin/apikey-http" --socket "$work/data/apikeyserv.sock" --port 18095 --log-level warning &
bridge=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18095/signingkeys/ >/dev/null && break; sleep 0.1; done
perf record -e cpu-clock -F 2000 -g -p "$bridge" -o "$work/bridge.data" 2>/dev/null &
perf=$!
sleep 0.3
requests=$(wrk -t2 -c32 -d5s http://127.0.0.1:18095/signingkeys/ | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')
kill -INT "$perf"; wait "$perf" || true
summarize "apikey-http under wrk -t2 -c32 on /signingkeys/" "$work/bridge.data" "$requests" \
  "$out/profile-bridge.txt"
