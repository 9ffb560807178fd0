#!/usr/bin/env bash
# The Debian packages, installed and used as on a server, then purged: scripts/package makes
# them from BUILD_DIR's programs (--prebuilt: the programs the other tests ran), lintian
# checks them, apt installs them on this machine, polsearch-index fills the default database
# as the user polsearch, the systemd unit's ExecStart line runs as that user (systemd may not
# run here: the line is run by hand), it answers over HTTP, reloads on SIGHUP, stops on
# SIGTERM; the library's example program (docs/library.md) builds against the installed
# libpolsearch-dev; and `apt-get purge` leaves nothing behind: no file of the packages, no
# /etc/polsearch, /var/lib/polsearch or /var/log/polsearch, no user or group polsearch, no
# systemd symlink.
#
# It changes the machine (a package, a user), so it runs only as root on Debian, when
# polsearch is not installed already, and alone (ctest RUN_SERIAL). Exit status 77 (skipped)
# when it cannot run; tests/CMakeLists.txt says why it is not run in the sanitizer build.
# Usage: package_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
started=$(date +%s)
skip() { echo "package test: skipped: $*" >&2; exit 77; }

[ "$(id -u)" -eq 0 ] || skip "it installs a package: run it as root"
command -v dpkg-buildpackage >/dev/null && command -v apt-get >/dev/null ||
    skip "not a Debian machine with dpkg-dev"
for tool in dh help2man lintian python3; do
    command -v "$tool" >/dev/null ||
        skip "$tool is missing (scripts/test installs debhelper, help2man, lintian, python3)"
done
if dpkg-query -W -f='${Status}' polsearch 2>/dev/null | grep -q "installed" ||
    [ -e /etc/polsearch ] || getent passwd polsearch >/dev/null; then
    skip "polsearch is installed on this machine already; this test would remove it"
fi

scratch=$(mktemp -d)
chmod 755 "$scratch"  # the user polsearch reads the records from here
server=""
installed=false
cleanup() {
    [ -n "$server" ] && kill -KILL "$server" 2>/dev/null || true
    if $installed; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq polsearch libpolsearch-dev \
            >/dev/null 2>&1 || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "package test: FAILED: $*" >&2; exit 1; }

echo "== scripts/package --prebuilt $build_dir --lintian"
"$source_dir/scripts/package" --prebuilt "$build_dir" --output "$scratch/debs" --lintian \
    >"$scratch/package.log" 2>&1 || { cat "$scratch/package.log" >&2; fail "scripts/package"; }
grep -E '^[EW]: ' "$scratch/package.log" || true
if grep -q '^E: ' "$scratch/package.log"; then fail "lintian found errors (above)"; fi
debs=("$scratch"/debs/polsearch_*.deb "$scratch"/debs/libpolsearch-dev_*.deb)

echo "== apt-get install ${debs[*]##*/}"
before_users=$(getent passwd | wc -l)
installed=true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${debs[@]}" \
    >"$scratch/install.log" 2>&1 || { cat "$scratch/install.log" >&2; fail "apt-get install"; }
dpkg-query -L polsearch libpolsearch-dev >"$scratch/files"
getent passwd polsearch >/dev/null || fail "no user polsearch"
[ "$(getent passwd polsearch | cut -d: -f6)" = /var/lib/polsearch ] || fail "polsearch's home"
[ "$(stat -c %U /var/lib/polsearch)" = polsearch ] || fail "/var/lib/polsearch is not polsearch's"
dpkg-query -W -f='${Conffiles}\n' polsearch | grep -q ' /etc/polsearch/polsearch.conf ' ||
    fail "/etc/polsearch/polsearch.conf is not a conffile"
for program in index search analyze serve; do
    /usr/bin/polsearch-$program --version
    [ -s /usr/share/man/man1/polsearch-$program.1.gz ] || fail "no man page for polsearch-$program"
done
zcat /usr/share/man/man1/polsearch-search.1.gz | grep -q '^\.SH "\?EXAMPLES' ||
    fail "polsearch-search.1 has no EXAMPLES"
zcat /usr/share/man/man1/polsearch-search.1.gz | grep -q 'мягкая сила' ||
    fail "polsearch-search.1 lost its Cyrillic"
if command -v man >/dev/null; then
    MANWIDTH=80 man polsearch-search 2>/dev/null | grep -q 'polsearch-search - search a polsearch database' ||
        fail "man polsearch-search"
    echo "man polsearch-search: ok"
fi
if command -v systemd-analyze >/dev/null; then
    # The unit as systemd reads it (systemd need not be running here).
    verified=$(systemd-analyze verify /lib/systemd/system/polsearch.service 2>&1 || true)
    [ -n "$verified" ] && echo "$verified"
    if grep -E -q 'Unknown (key|section)|Failed to parse|[Ii]nvalid' <<<"$verified"; then
        fail "systemd-analyze verify polsearch.service (above)"
    fi
    echo "systemd-analyze verify polsearch.service: ok"
fi

echo "== polsearch-index into the default database, as the user polsearch"
cp -r "$source_dir/sample_corpus" "$scratch/records"
chmod -R a+rX "$scratch/records"
(cd / && runuser -u polsearch -- env -u POLSEARCH_DB /usr/bin/polsearch-index --summary json \
    "$scratch/records") >"$scratch/index.json" || fail "polsearch-index as polsearch"
records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' \
    "$scratch/index.json")
[ "$records" -gt 100 ] || fail "only $records records indexed"
[ "$(stat -c %U /var/lib/polsearch/db/iamglass)" = polsearch ] || fail "the database is not polsearch's"

echo "== the unit's ExecStart, as the user polsearch"
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/polsearch.service)
[ "$(sed -n 's/^User=//p' /lib/systemd/system/polsearch.service)" = polsearch ] ||
    fail "the unit does not run as polsearch"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The configuration's listen address may be taken on this machine: the flag wins over it.
(cd / && exec setpriv --reuid=polsearch --regid=polsearch --init-groups --no-new-privs \
    env -u POLSEARCH_DB $exec_start --listen "127.0.0.1:$port") >"$scratch/serve.log" 2>&1 &
server=$!
get() {  # get PATH: the body, or fails
    python3 - "$port" "$1" <<'PY'
import sys, time, urllib.error, urllib.request
url = "http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2])
for attempt in range(100):  # until it listens
    try:
        body = urllib.request.urlopen(url, timeout=10).read().decode()
        break
    except urllib.error.HTTPError as error:
        sys.exit("%s: %s" % (url, error))
    except (urllib.error.URLError, ConnectionError):
        time.sleep(0.1)
else:
    sys.exit("no answer from polsearch-serve")
print(body)
PY
}
health=$(get /health) || { cat "$scratch/serve.log" >&2; fail "/health"; }
[[ $health == *"\"records\":$records"* ]] || fail "/health says $health"
total=$(get '/search?q=soft%20power' | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
[ "$total" -gt 0 ] || fail "no hits for soft power"
metrics=$(get /metrics) || fail "/metrics"
grep -q "^polsearch_database_records $records$" <<<"$metrics" || fail "/metrics: $metrics"
echo "GET /health, /search?q=soft power ($total hits), /metrics: ok"
kill -HUP "$server"
sleep 0.5
get /health >/dev/null || fail "no answer after SIGHUP"
grep -q "SIGHUP: opened the log and the database again" "$scratch/serve.log" ||
    { cat "$scratch/serve.log" >&2; fail "SIGHUP"; }
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" -eq 0 ] || { cat "$scratch/serve.log" >&2; fail "polsearch-serve exited $status on SIGTERM"; }
grep -q '"GET /search?q=soft%20power HTTP/1.1" 200' "$scratch/serve.log" ||
    fail "no Combined Log Format line"
echo "SIGHUP, SIGTERM (exit 0): ok"

echo "== docs/library.md's example against libpolsearch-dev"
mkdir "$scratch/example"
awk '/^```cpp$/ {on=1; next} /^```$/ {on=0} on' "$source_dir/docs/library.md" >"$scratch/example/search.cpp"
awk '/^```cmake$/ {on=1; next} /^```$/ {on=0} on' "$source_dir/docs/library.md" >"$scratch/example/CMakeLists.txt"
cmake -S "$scratch/example" -B "$scratch/example/build" >"$scratch/example.log" 2>&1 &&
    cmake --build "$scratch/example/build" >>"$scratch/example.log" 2>&1 ||
    { cat "$scratch/example.log" >&2; fail "the example does not build against /usr"; }
runuser -u polsearch -- "$scratch/example/build/search" /var/lib/polsearch/db "мягкая сила" |
    grep -E -q '^[0-9]+ records match$' || fail "the example program"
echo "the example program: ok"

echo "== apt-get purge polsearch libpolsearch-dev"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq polsearch libpolsearch-dev \
    >"$scratch/purge.log" 2>&1 || { cat "$scratch/purge.log" >&2; fail "apt-get purge"; }
installed=false
left=()
while read -r path; do
    # Folders the packages share with others (/usr/bin, /etc) stay; their files must not.
    if [ -e "$path" ] && ! [ -d "$path" ]; then left+=("$path"); fi
    case $path in
    */polsearch | */polsearch/*) [ -e "$path" ] && left+=("$path") ;;
    esac
done <"$scratch/files"
for path in /etc/polsearch /var/lib/polsearch /var/log/polsearch /etc/logrotate.d/polsearch \
    /etc/systemd/system/multi-user.target.wants/polsearch.service \
    /var/lib/systemd/deb-systemd-helper-enabled/polsearch.service.dsh-also \
    /var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/polsearch.service; do
    [ -e "$path" ] && left+=("$path")
done
[ ${#left[@]} -eq 0 ] || fail "left after purge: ${left[*]}"
getent passwd polsearch >/dev/null && fail "the user polsearch is left"
getent group polsearch >/dev/null && fail "the group polsearch is left"
[ "$(getent passwd | wc -l)" -eq "$before_users" ] || fail "users: not as before"
echo "purged: no file, folder, user or group left"
echo "package test: passed in $(($(date +%s) - started)) s"
