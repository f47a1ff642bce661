# scale_smoke.sh — bench/scale.sh cannot silently rot: at 200 notices, with
# few runs, it ingests, sizes the database, searches, times every dashboard
# route of `serve --no-cache` (every one answering 2xx, or absent with a 404
# for a route this build does not have) and loads the server with 64
# connections (no refusal, no error).  A benchmark, not a test of speed: no
# figure is compared with a bar here.  bench/http_latency's own errors too.
source "$(dirname "$0")/../lib.sh"

BUILD=${BUILD:-build}
HL=$PWD/$BUILD/bench/http_latency
for b in "$HL" "$PWD/$BUILD/bench/search_latency" "$PWD/$BUILD/bench/gen_corpus"; do
  if [ ! -x "$b" ]; then
    failmsg "$(basename "$b") is built" "$b missing (make BUILD=$BUILD $b)"
    finish
  fi
done

# ---- http_latency: usage and a server that is not there --------------------------
set +e
"$HL" /api/health >/dev/null 2>&1; eq "http_latency: no --port is a usage error" "$?" 2
"$HL" --port 1 api/health >/dev/null 2>&1; eq "http_latency: a path without / is a usage error" "$?" 2
"$HL" --port 1 '/a b' >/dev/null 2>&1; eq "http_latency: a path with a space is a usage error" "$?" 2
"$HL" --port 99999 /x >/dev/null 2>&1; eq "http_latency: a port out of range is a usage error" "$?" 2
"$HL" --port 1 --host 'not-an-ip' /x >/dev/null 2>&1; eq "http_latency: a host that is not IPv4 is a usage error" "$?" 2
"$HL" --port 1 --load 2000 /x >/dev/null 2>&1; eq "http_latency: --load over 1024 is a usage error" "$?" 2
# Port 1 on loopback: nothing listens (connection refused at once).
msg=$("$HL" --port 1 /api/health 2>&1); eq "http_latency: nobody listening exits 1" "$?" 1
has "http_latency: says so" "$msg" "no HTTP server answers"
./bench/scale.sh --n 0 >/dev/null 2>&1; eq "scale.sh: --n 0 is a usage error" "$?" 2
./bench/scale.sh --n 12x >/dev/null 2>&1; eq "scale.sh: --n 12x is a usage error" "$?" 2
./bench/scale.sh --frobnicate >/dev/null 2>&1; eq "scale.sh: an unknown option is a usage error" "$?" 2
set -e
ok "scale.sh --help" ./bench/scale.sh --help
set +e

# ---- the whole benchmark, tiny ------------------------------------------------------
out=$(JK_BENCH_OUT="$TMP/scale" BUILD="$BUILD" timeout 60 ./bench/scale.sh --n 200 --runs 3 --budget 1 \
  --search-runs 5 --duration 2 2>&1)
rc=$?
eq "scale.sh exits 0" "$rc" 0
has "header" "$out" "jikenbo scale benchmark"
has "section" "$out" "== 200 notices"
has "ingest row: the manifest's notices" "$out" "ingest: 200 notices in "
has "database row" "$out" "database: "
has "ratio to the text" "$out" "MB of text: "
eq "three search lines" "$(printf '%s\n' "$out" | grep -c '^  search "')" 3
for r in "/api/incidents?limit=20" "/api/stats?sum=affected" "/api/stats " "/api/lessons " "/api/incidents/{id}" \
  "/api/me" "/api/alerts?limit=100" "/api/searches" "/api/review?limit=100" "/api/export?format=csv"; do
  has "route $r measured" "$out" "  $r"
done
# Every filter of the search page, on the list route.
for f in none q category type reported since/until org product card vendor; do
  eq "incidents with filter $f: 200" \
    "$(printf '%s\n' "$out" | awk -v f="$f" '$1 == "/api/incidents?limit=20" && $2 == f { print $3 }')" 200
done
# No route answered other than 2xx, or 404-absent; no row failed to parse.
bad=$(printf '%s\n' "$out" | awk '$1 ~ /^\/api\// && !($3 ~ /^2[0-9][0-9]$/ || ($3 == 404 && $5 == "absent"))')
eq "every route 2xx or absent" "$bad" ""
rows=$(printf '%s\n' "$out" | grep -v '^  load ')
hasnt "no non-2xx answer while timing" "$rows" "non2xx="
hasnt "no connection error while timing" "$rows" "errors="
load=$(printf '%s\n' "$out" | grep '^  load 64 connections')
has "load line" "$load" "requests="
has "load: nothing refused" "$load" "non2xx=0 "
has "load: no error" "$load" "errors=0 "
has "serve peak RSS" "$out" "peak (VmHWM)"
# --keep reuses the database: no ingest, the same rows.
out2=$(JK_BENCH_OUT="$TMP/scale" BUILD="$BUILD" timeout 60 ./bench/scale.sh --n 200 --keep --runs 1 --budget 1 \
  --search-runs 1 --duration 1 2>&1)
has "--keep: says the ingest was not measured" "$out2" "kept from an earlier run"
has "--keep: routes still measured" "$out2" "/api/lessons "
finish
