#!/usr/bin/env bash
# scripts/cluster for real on 127.0.0.1: two shards on xapian-tcpsrv, a replica of shard 0 kept
# current by xapian-replicate, polsearch-serve in front; then new records, a shard that dies,
# and a clean stop. Usage: cluster_test.sh SOURCE_DIR BINARY_DIR
set -euo pipefail
source_dir=$1
export POLSEARCH_BIN=$2
scratch=$(mktemp -d)
cluster="$source_dir/scripts/cluster"
trap '"$cluster" stop "$scratch/c" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
fail() { echo "cluster test FAILED: $*" >&2; exit 1; }

# Four consecutive free ports for the shards, the replica and the replication server, and one
# for HTTP.
read -r port http_port < <(python3 - <<'PY'
import random, socket
def free(p):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", p)); return True
        except OSError:
            return False
while True:
    base = random.randrange(20000, 32000)  # below the ephemeral ports other tests get
    if all(free(base + i) for i in range(5)):
        print(base, base + 4); break
PY
)
"$cluster" start "$scratch/c" --shards 2 --port "$port" --http-port "$http_port" \
    "$source_dir/sample_corpus" 2>"$scratch/start.log" || { cat "$scratch/start.log" >&2; fail "start"; }
"$cluster" status "$scratch/c" >/dev/null || fail "not every daemon runs"

search() {  # search QUERY-STRING: the JSON of /search
    python3 -c "
import sys, urllib.request
print(urllib.request.urlopen('http://127.0.0.1:$http_port/search?' + sys.argv[1], timeout=20).read().decode())" "$1"
}
field() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }

# The remote shards answer as the one database polsearch-search reads locally.
"$POLSEARCH_BIN/bin/polsearch-index" --quiet --db "$scratch/single" "$source_dir/sample_corpus"
local_ids=$("$POLSEARCH_BIN/bin/polsearch-search" --db "$scratch/single" --format json --limit 20 \
    "мягкая сила" | field "['hits']" | python3 -c "import ast,sys; print([h['id'] for h in ast.literal_eval(sys.stdin.read())])")
remote_ids=$(search "q=%D0%BC%D1%8F%D0%B3%D0%BA%D0%B0%D1%8F%20%D1%81%D0%B8%D0%BB%D0%B0&size=20&facets=false" |
    field "['hits']" | python3 -c "import ast,sys; print([h['id'] for h in ast.literal_eval(sys.stdin.read())])")
[ "$local_ids" = "$remote_ids" ] || fail "remote shards: $remote_ids, one database: $local_ids"
echo "ok: polsearch-serve over two remote shards gives the hits of one database"

# New records reach the served shards at once and the replica within seconds.
for i in 0 1 2 3 4 5; do
    echo "{\"id\": \"late-$i\", \"title\": \"Quokkanomics in Central Asia, part $i\", \"year\": 2026}"
done >"$scratch/late.jsonl"
"$cluster" index "$scratch/c" "$scratch/late.jsonl"
[ "$(search "q=quokkanomics&facets=false" | field "['total']")" = 6 ] || fail "new records not served"
echo "ok: records indexed into the running cluster are served without a restart"
master=$("$POLSEARCH_BIN/bin/polsearch-search" --db "$scratch/c/master/shard-0" --format json quokkanomics | field "['total']")
[ "$master" -gt 0 ] || fail "no new record went to shard 0 (the test needs one there)"
for _ in $(seq 100); do
    replica=$("$POLSEARCH_BIN/bin/polsearch-search" --db "$scratch/c/replica/shard-0" --format json quokkanomics | field "['total']")
    [ "$replica" = "$master" ] && break
    sleep 0.2
done
[ "$replica" = "$master" ] || fail "the replica of shard 0 has $replica new records, the master $master"
via_replica=$("$POLSEARCH_BIN/bin/polsearch-search" --db "$scratch/c/master/replica.stub" --format json quokkanomics | field "['total']")
[ "$via_replica" = 6 ] || fail "replica.stub finds $via_replica of 6"
echo "ok: xapian-replicate keeps the replica of shard 0 current ($replica new records there)"

# A shard that dies: polsearch-serve (started with --allow-partial) answers from the other.
kill -KILL -- -"$(cat "$scratch/c/run/tcpsrv-1.pid")"
answer=$(search "q=quokkanomics&facets=false")
[ "$(echo "$answer" | field "['partial']")" = True ] || fail "not partial: $answer"
[ "$(echo "$answer" | field "['missing_shards']")" = "['127.0.0.1:$((port + 1))']" ] || fail "missing: $answer"
[ "$(echo "$answer" | field "['total']")" = "$master" ] || fail "hits of shard 0 only expected: $answer"
echo "ok: with a shard down, the hits of the other, marked partial"
! "$cluster" status "$scratch/c" >/dev/null || fail "status does not see the dead shard"

# stop returns once every process of the cluster has ended.
"$cluster" stop "$scratch/c" 2>/dev/null
left=$(python3 - "$scratch/c" <<'PY'
import os, sys
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            command = f.read().replace(b"\0", b" ").decode(errors="replace")
        with open("/proc/%s/stat" % pid) as f:
            state = f.read().rsplit(") ", 1)[1][0]
    except OSError:
        continue
    if sys.argv[1] in command and int(pid) != os.getpid() and state != "Z":
        print(pid, command)
PY
)
[ -z "$left" ] || fail "processes left after stop: $left"
echo "cluster test: passed"
