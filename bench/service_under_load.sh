#!/usr/bin/env bash
# polsearch-serve under wrk, three runs of SECONDS each on DB (bench/wrk_search.lua's queries):
#   1. /metrics scraped before and after: its count of /search requests against wrk's;
#   2. the access log moved away and SIGHUP sent twice during the run (what logrotate and
#      `systemctl reload` do): wrk's errors and non-2xx answers, and the log lines in all;
#   3. SIGTERM sent during the run: the exit status, and every request the server read
#      answered (its log against wrk's count; wrk's errors, which count the connections the
#      stopped server refuses).
# Usage: bench/service_under_load.sh DB [SECONDS] [CONNECTIONS] [THREADS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
db=$1
seconds=${2:-10}
connections=${3:-32}
threads=${4:-2}
serve="${POLSEARCH_BIN:-$root/build/release/bin}/polsearch-serve"
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"

start() {
    "$serve" --config /dev/null --db "$db" --listen "127.0.0.1:$port" --log "$work/access.log" \
        2>"$work/serve.log" &
    pid=$!
    for _ in $(seq 100); do curl -s -o /dev/null "$url/health" && return; sleep 0.1; done
    cat "$work/serve.log" >&2
    exit 1
}
searches() {  # the /search requests /metrics counts, all statuses
    curl -s "$url/metrics" | awk '/^polsearch_http_requests_total\{endpoint="\/search"/ {n += $2} END {print n + 0}'
}
load() {  # load: wrk's JSON summary line
    (cd "$root" && wrk -t"$threads" -c"$connections" -d"${seconds}s" -s bench/wrk_search.lua "$url") |
        sed -n 's/^JSON //p'
}
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['$2'])" "$1"; }
lines() { cat "$work"/access.log* 2>/dev/null | grep -c '"GET /search' || true; }

echo "== 1. /metrics against wrk: ${seconds} s, $connections connections, $threads threads"
start
before=$(searches)
summary=$(load)
sleep 0.5
after=$(searches)
requests=$(field "$summary" requests)
echo "wrk: $summary"
python3 -c "import sys; w, m = int(sys.argv[1]), int(sys.argv[2]); print(f'wrk counted {w} requests, /metrics {m} more /search requests: {100 * (m - w) / w:+.3f} %')" \
    "$requests" "$((after - before))"
kill -TERM "$pid"; wait "$pid"; pid=""
rm -f "$work"/access.log*

echo "== 2. SIGHUP twice during the load, the log moved away before each"
start
( sleep "$(python3 -c "print($seconds / 3)")"; mv "$work/access.log" "$work/access.log.1"; kill -HUP "$pid"
  sleep "$(python3 -c "print($seconds / 3)")"; mv "$work/access.log" "$work/access.log.2"; kill -HUP "$pid" ) &
signals=$!
summary=$(load)
wait "$signals"
sleep 0.5
echo "wrk: $summary"
echo "log lines: $(wc -l <"$work/access.log.1") + $(wc -l <"$work/access.log.2") + $(wc -l <"$work/access.log") = $(lines) for wrk's $(field "$summary" requests) requests"
grep "SIGHUP" "$work/serve.log"
curl -s "$url/metrics" | grep '^polsearch_reopens_total'
kill -TERM "$pid"; wait "$pid"; pid=""
rm -f "$work"/access.log*

echo "== 3. SIGTERM during the load"
start
( sleep "$(python3 -c "print($seconds / 2)")"; kill -TERM "$pid" ) &
signals=$!
summary=$(load)
wait "$signals"
status=0
wait "$pid" || status=$?
pid=""
echo "wrk: $summary"
echo "polsearch-serve: exit status $status; $(tail -1 "$work/serve.log")"
echo "answered and logged: $(lines) requests, $(grep -c '" 200 ' "$work/access.log") of them 200; wrk completed $(field "$summary" requests)"
