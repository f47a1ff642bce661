#!/usr/bin/env bash
# bench/scale.sh — the casebook at scale: N generated notices, ingested,
# searched and served uncached (issue 14).
#
#   bench/scale.sh                 1,000,000 notices (up to ~30 min on 2 cores)
#   bench/scale.sh --n 100000      another size
#   bench/scale.sh --both          100,000 then 1,000,000 (= --n 100000,1000000)
#   bench/scale.sh --n 200 --runs 3 --budget 1 --duration 2   (smoke, seconds)
#
# For each N, on a fresh database (gen_corpus --notices N --seed 1):
#   ingest   `jikenbo ingest` of the corpus: wall and CPU s, notices/s of
#            both, peak RSS; database size (with its WAL) and its ratio to
#            the bytes of text it holds
#   search   bench/search_latency: the three queries of bench/run, p50/p99
#   routes   `jikenbo serve --no-cache`, bench/http_latency: p50/p99 (wall,
#            connect to last byte) of every /api/* route the dashboard
#            calls, with no filter and with each filter the dashboard offers
#            (q, category, type, reported, since+until, org, product, card,
#            vendor; lessons: category, product); a 404 (a build without
#            the route) is reported as absent, not a failure
#   load     64 connections (--conns) for --duration s over the same routes:
#            req/s, p50/p99, and the peak RSS of `serve` (VmHWM)
# Each section prints the load average when it starts: the machine is shared.
#
# Options: --n N[,N…] (sizes), --both, --runs N (per route, default 50),
# --budget S (per route, default 10), --search-runs N (default 200),
# --conns N (64), --duration S (20), --keep (reuse a corpus and database of
# the same N from an earlier run: no ingest row).
# Environment: BUILD (default build), JK_BENCH_OUT (scratch, default
# bench/out; corpus and database in $JK_BENCH_OUT/scale-N), JK_SCALE_ORG and
# JK_SCALE_PRODUCT (the org and product filter values; default the first
# hit's organisation and the most frequent product).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=1000000 RUNS=50 BUDGET=10 SRUNS=200 CONNS=64 DURATION=20 KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
  --n) SIZES=${2:?--n needs a number}; shift ;;
  --n=*) SIZES=${1#--n=} ;;
  --both) SIZES=100000,1000000 ;;
  --runs) RUNS=${2:?}; shift ;;
  --budget) BUDGET=${2:?}; shift ;;
  --search-runs) SRUNS=${2:?}; shift ;;
  --conns) CONNS=${2:?}; shift ;;
  --duration) DURATION=${2:?}; shift ;;
  --keep) KEEP=1 ;;
  -h | --help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "bench/scale.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
IFS=, read -r -a SIZES <<<"$SIZES"
for n in "${SIZES[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench/scale.sh: --n: expected a positive number, got '$n'" >&2; exit 2; }
done

BUILD=${BUILD:-build}
BASE_OUT=${JK_BENCH_OUT:-bench/out}
mkdir -p "$BASE_OUT"
export JIKENBO_NO_PROGRESS=1
J=$BUILD/jikenbo
GEN=$BUILD/bench/gen_corpus
SL=$BUILD/bench/search_latency
HL=$BUILD/bench/http_latency
LOG=$BASE_OUT/scale.log
: >"$LOG"
make -s BUILD="$BUILD" "$J" "$GEN" "$SL" "$HL" >>"$LOG" 2>&1 || {
  echo "bench/scale.sh: build failed, see $LOG" >&2
  tail -20 "$LOG" >&2
  exit 1
}
TIMECMD=
[ -x /usr/bin/time ] && TIMECMD=/usr/bin/time

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
# URL-encode one value (UTF-8 bytes; unreserved characters kept).
urlenc() {
  local LC_ALL=C s=$1 i c out=
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [a-zA-Z0-9.~_-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}
# A string field of the first JSON object that has it (python3: the API's JSON).
json_get() { python3 -c 'import json,sys
d=json.load(sys.stdin)
for k in sys.argv[1].split("."):
    d=d[int(k)] if isinstance(d,list) else d[k]
print(d)' "$1" 2>/dev/null || true; }

SRV=
stop() { if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null || true; wait "$SRV" 2>/dev/null || true; SRV=; fi; }
trap stop EXIT

cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
echo "jikenbo scale benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) cores${cpu:+ ($cpu)}, $(free -g | awk '/^Mem:/{print $2}') GiB"
echo "build: $BUILD ($(git log -1 --format='%h %s' 2>/dev/null | cut -c1-60 || echo '?')); sizes: ${SIZES[*]}; MB = 10^6 bytes"

for N in "${SIZES[@]}"; do
  OUT=$BASE_OUT/scale-$N
  CORPUS=$OUT/corpus DB=$OUT/scale.db
  mkdir -p "$OUT"
  echo
  echo "== $N notices"
  # ---- corpus and ingest --------------------------------------------------------
  if [ "$KEEP" = 1 ] && [ -s "$DB" ] && [ -s "$CORPUS/manifest.tsv" ]; then
    echo "ingest: kept from an earlier run (--keep), not measured"
    "$J" ingest --db "$DB" /dev/null >>"$LOG" 2>&1 || true # one writable open migrates it
  else
    rm -rf "$CORPUS" "$DB" "$DB-wal" "$DB-shm"
    "$GEN" --notices "$N" --seed 1 --out "$CORPUS" 2>>"$LOG"
    echo "ingest: load average $(loadavg)"
    t0=$EPOCHREALTIME
    # xargs: a million notices are 50,000 files, more than one command line holds.
    if [ -n "$TIMECMD" ]; then
      find "$CORPUS" -name 'gen-*.txt' -print0 | sort -z |
        "$TIMECMD" -f '%U %S %M' -o "$OUT/time.ingest" xargs -0 "$J" ingest --db "$DB" >>"$LOG" 2>&1
    else
      find "$CORPUS" -name 'gen-*.txt' -print0 | sort -z | xargs -0 "$J" ingest --db "$DB" >>"$LOG" 2>&1
    fi
    t1=$EPOCHREALTIME
    WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    CPU=$WALL RSS=n/a
    if [ -n "$TIMECMD" ]; then
      CPU=$(tail -n 1 "$OUT/time.ingest" | awk '{ printf "%.1f", $1 + $2 }')
      RSS=$(tail -n 1 "$OUT/time.ingest" | awk '{ printf "%.1f MB", $3 / 1024 }')
    fi
    NG=$(awk -F'\t' 'NR > 1 { s += $2 } END { print s }' "$CORPUS/manifest.tsv")
    printf 'ingest: %s notices in %s s wall (%s notices/s), %s s CPU (%s notices/s), peak RSS %s\n' "$NG" "$WALL" \
      "$(awk -v n="$NG" -v t="$WALL" 'BEGIN { printf "%.0f", n / t }')" "$CPU" \
      "$(awk -v n="$NG" -v t="$CPU" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }')" "$RSS"
  fi
  TEXT=$(awk -F'\t' 'NR > 1 { s += $4 } END { print s }' "$CORPUS/manifest.tsv")
  DBB=$(( $(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0) ))
  printf 'database: %s MB (with WAL) for %s MB of text: %.2fx\n' "$(mb "$DBB")" "$(mb "$TEXT")" \
    "$(awk -v a="$DBB" -v b="$TEXT" 'BEGIN { print a / b }')"

  # ---- search ---------------------------------------------------------------------
  echo "search: load average $(loadavg)"
  "$SL" --db "$DB" --runs "$SRUNS" --budget "$BUDGET" 2>>"$LOG" | sed 's/^/  /' || echo "  search: FAILED (see $LOG)"

  # ---- the server, uncached -------------------------------------------------------
  TOKEN=$("$J" user add "bench$RANDOM" --role reader --db "$DB" 2>>"$LOG" | head -n 1 || true)
  # All 64 load connections come from 127.0.0.1: lift the per-address cap
  # (32 by default) above them, so the server answers rather than refuses.
  # Twice the connections: the front door counts a connection until MHD's
  # completion callback has run, so a client that reconnects at once is
  # briefly counted twice (at CONNS + 8, most answers were 503).
  PERADDR=()
  "$J" serve --help 2>&1 | grep -q -- '--max-per-address' && PERADDR=(--max-per-address $((2 * CONNS)))
  "$J" serve --db "$DB" --listen 127.0.0.1:0 --no-cache --quiet "${PERADDR[@]}" >"$OUT/srv.out" 2>>"$LOG" &
  SRV=$!
  PORT=
  for _ in $(seq 1 300); do
    PORT=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$OUT/srv.out" 2>/dev/null | head -n 1 | sed -E 's/.*:([0-9]+)\//\1/' || true)
    [ -n "$PORT" ] && break
    kill -0 "$SRV" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$PORT" ]; then
    echo "serve did not start, see $LOG" >&2
    exit 1
  fi
  U=http://127.0.0.1:$PORT
  # Filter values from the casebook itself: the first hit's organisation,
  # the most frequent product.
  # the most frequent product ($JK_SCALE_ORG, $JK_SCALE_PRODUCT override
  # them: two builds compared on the same values).
  ORG=${JK_SCALE_ORG:-$(curl -s "$U/api/incidents?limit=1" | json_get items.0.org)}
  PRODUCT=${JK_SCALE_PRODUCT:-$(curl -s "$U/api/stats?by=product" | json_get rows.0.key)}
  ID=$(curl -s "$U/api/incidents?limit=1" | json_get items.0.incident)
  declare -A F=(
    [none]=""
    [q]="q=$(urlenc 漏洩)"
    [category]="category=misconfiguration"
    [type]="type=email"
    [reported]="reported=ppc"
    [since/until]="since=2024-01-01&until=2024-12-31"
    [org]="org=$(urlenc "${ORG:-株式会社}")"
    [product]="product=$(urlenc "${PRODUCT:-Google}")"
    [card]="card=yes"
    [vendor]="vendor=yes"
  )
  ORDER=(none q category type reported since/until org product card vendor)
  echo "routes: serve --no-cache, $RUNS runs or $BUDGET s per line, one request at a time; org=${ORG:-?} product=${PRODUCT:-?}"
  echo "routes: load average $(loadavg)"
  printf '  %-34s %-12s %7s %10s %10s %9s %5s\n' route filter status bytes "p50 ms" "p99 ms" runs
  LOADPATHS=()
  # route_line ROUTE FILTER PATH: one row of the table from http_latency.
  route_line() {
    local line
    line=$("$HL" --port "$PORT" ${TOKEN:+--token "$TOKEN"} --runs "$RUNS" --budget "$BUDGET" "$3" 2>>"$LOG" || true)
    echo "$line" >>"$LOG"
    if [[ "$line" == *absent* ]]; then
      printf '  %-34s %-12s %7s %10s %10s %9s %5s\n' "$1" "$2" 404 - absent - -
      return
    fi
    local st by p50 p99 runs
    st=$(echo "$line" | sed -nE 's/.* status=([0-9]+) .*/\1/p')
    by=$(echo "$line" | sed -nE 's/.* bytes=([0-9]+) .*/\1/p')
    p50=$(echo "$line" | sed -nE 's/.* p50=([0-9.]+) ms.*/\1/p')
    p99=$(echo "$line" | sed -nE 's/.* p99=([0-9.]+) ms.*/\1/p')
    runs=$(echo "$line" | sed -nE 's/.*\(([0-9]+) runs\).*/\1/p')
    printf '  %-34s %-12s %7s %10s %10s %9s %5s%s\n' "$1" "$2" "${st:-ERR}" "${by:--}" "${p50:--}" "${p99:--}" \
      "${runs:--}" "$(echo "$line" | grep -oE ' (non2xx|errors)=[0-9]+' | tr '\n' ' ')"
    # The load mixes what answers (2xx) or runs out of time (5xx), not a 4xx
    # of a parameter this build does not know.
    if [[ "$st" =~ ^[25] ]]; then LOADPATHS+=("$3"); fi
  }
  # The dashboard's calls (web/js/app.js, lessons.js, team.js): the search
  # page (list and its sum), the trends page, the lessons page, one incident,
  # the signed-in badge, alerts, saved searches and the review queue.
  for f in "${ORDER[@]}"; do
    qs=${F[$f]}
    route_line "/api/incidents?limit=20" "$f" "/api/incidents?limit=20${qs:+&$qs}"
  done
  for f in "${ORDER[@]}"; do
    qs=${F[$f]}
    route_line "/api/stats?sum=affected" "$f" "/api/stats?sum=affected${qs:+&$qs}"
  done
  for f in "${ORDER[@]}"; do
    qs=${F[$f]}
    route_line "/api/stats" "$f" "/api/stats${qs:+?$qs}"
  done
  for f in none category product; do
    qs=${F[$f]}
    route_line "/api/lessons" "$f" "/api/lessons${qs:+?$qs}"
  done
  # The incidents behind one lessons number, paged (where the build has it;
  # absent elsewhere): a cause, and the product of the product filter.
  route_line "/api/lessons/incidents" "category" "/api/lessons/incidents?table=causes&key=misconfiguration"
  route_line "/api/lessons/incidents" "product" "/api/lessons/incidents?table=products&key=${F[product]#product=}"
  [ -n "$ID" ] && route_line "/api/incidents/{id}" none "/api/incidents/$ID"
  route_line "/api/me" none "/api/me"
  route_line "/api/alerts?unread=yes&limit=1" none "/api/alerts?unread=yes&limit=1"
  route_line "/api/alerts?limit=100" none "/api/alerts?limit=100"
  route_line "/api/searches" none "/api/searches"
  route_line "/api/review?limit=100" none "/api/review?limit=100"
  # The export link downloads what the search page shows: one narrow filter.
  route_line "/api/export?format=csv" org "/api/export?format=csv&${F[org]}"

  # ---- 64 connections -------------------------------------------------------------
  echo "load: $CONNS connections, ${DURATION} s, the routes above round robin; load average $(loadavg)"
  RSS0=$(awk '/^VmRSS/{print $2}' "/proc/$SRV/status" 2>/dev/null || echo 0)
  line=$("$HL" --port "$PORT" ${TOKEN:+--token "$TOKEN"} --load "$CONNS" --duration "$DURATION" --timeout 30 \
    "${LOADPATHS[@]}" 2>>"$LOG" || echo "load FAILED")
  HWM=$(awk '/^VmHWM/{print $2}' "/proc/$SRV/status" 2>/dev/null || echo 0)
  echo "  $line"
  printf '  serve RSS: %.1f MB before the load, peak (VmHWM) %.1f MB\n' "$(awk -v k="$RSS0" 'BEGIN{print k/1024}')" \
    "$(awk -v k="$HWM" 'BEGIN{print k/1024}')"
  stop
done
