#!/usr/bin/env bash
# bench/serve.sh — `jikenbo serve` under load (wrk, loopback only, bounded).
#
#   bench/serve.sh            100,000 generated notices, 10 s per run
#   bench/serve.sh --quick    2,000 notices, 3 s per run (smoke)
#
# For each endpoint — a search for a two-character word, an incident page,
# /api/stats — wrk measures requests/s and p99 latency at 64 connections,
# and then the same server answering a static file of the same response
# size (the baseline: what MHD + sockets cost with no database work).
# Twice: with the API response cache (the default) and with --no-cache,
# so the figures say what the database costs, not only the cache.
#
# Environment: BUILD (default build), JK_BENCH_OUT (default bench/out),
# CONNS (64), DURATION (seconds per run), THREADS (wrk threads, 2).
# The corpus and database are kept in $JK_BENCH_OUT/serve-MODE for reuse.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
for a in "$@"; do
  case $a in
  --quick) QUICK=1 ;;
  -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "bench/serve.sh: unknown option '$a' (see --help)" >&2; exit 2 ;;
  esac
done
BUILD=${BUILD:-build}
if [ "$QUICK" = 1 ]; then NOTICES=2000 DURATION=${DURATION:-3} MODE=quick
else NOTICES=100000 DURATION=${DURATION:-10} MODE=full; fi
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
OUT=${JK_BENCH_OUT:-bench/out}/serve-$MODE
mkdir -p "$OUT"
LOG=$OUT/log
: >"$LOG"
export JIKENBO_NO_PROGRESS=1
J=$BUILD/jikenbo
GEN=$BUILD/bench/gen_corpus
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk missing (./scripts/install-deps)" >&2; exit 1; }
make -s BUILD="$BUILD" "$J" "$GEN" >>"$LOG" 2>&1 || { echo "build failed, see $LOG" >&2; exit 1; }

# ---- the corpus and its database (kept for reuse) ------------------------------
DB=$OUT/serve.db
if [ ! -s "$DB" ] || [ "$(cat "$OUT/notices" 2>/dev/null)" != "$NOTICES" ]; then
  rm -rf "$OUT/corpus" "$DB" "$DB-wal" "$DB-shm"
  echo "generating $NOTICES notices and ingesting them (once)…" >&2
  "$GEN" --notices "$NOTICES" --out "$OUT/corpus" --quiet
  find "$OUT/corpus" -name '*.txt' -print0 | sort -z | xargs -0 "$J" ingest --db "$DB" >>"$LOG" 2>&1
  echo "$NOTICES" >"$OUT/notices"
fi
# A kept database may predate this build's schema: one writable open migrates it.
"$J" ingest --db "$DB" /dev/null >>"$LOG" 2>&1 || true

# ---- a web root: the dashboard plus the baseline files ------------------------
WEB=$OUT/web
rm -rf "$WEB"
mkdir -p "$WEB"
cp -r web/index.html web/style.css web/js "$WEB/"

SRV=
stop() { if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null || true; wait "$SRV" 2>/dev/null || true; SRV=; fi; }
trap stop EXIT
start() { # extra serve options…
  "$J" serve --db "$DB" --listen 127.0.0.1:0 --web "$WEB" --quiet "$@" >"$OUT/srv.out" 2>>"$LOG" &
  SRV=$!
  URL=
  for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$OUT/srv.out" 2>/dev/null | head -n 1 || true)
    [ -n "$URL" ] && return 0
    sleep 0.1
  done
  echo "server did not start, see $LOG" >&2
  exit 1
}

WORD=漏洩
QW=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$WORD")
start
SEARCH="api/incidents?q=$QW"
ID=$(curl -s "${URL}api/incidents?q=$QW&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["incident"])')
INCIDENT="api/incidents/$ID"
STATS="api/stats"
TOTAL=$(curl -s "${URL}api/incidents?q=$QW&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')

# wrk_run PATH -> "RPS P99_MS"
wrk_run() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency "${URL}$1" 2>&1)
  echo "$out" >>"$LOG"
  local rps p99 errs
  rps=$(echo "$out" | awk '/^Requests\/sec:/{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f", v}')
  errs=$(echo "$out" | awk '/Non-2xx/{print $NF}')
  [ -z "$errs" ] || echo "bench/serve.sh: $errs non-2xx answers for $1" >&2
  echo "${rps:-0} ${p99:-0}"
}

# baseline_for PATH NAME -> a static file of the same size as PATH's answer
baseline_for() {
  local size
  size=$(curl -s -o /dev/null -w '%{size_download}' "${URL}$1")
  head -c "$size" /dev/zero | tr '\0' 'x' >"$WEB/baseline-$2.txt"
  echo "$size"
}

printf '# jikenbo serve: %s notices (%s incidents match %s), %d connections, %d wrk threads, %ds per run, %s cores\n' \
  "$(cat "$OUT/notices")" "$TOTAL" "$WORD" "$CONNS" "$THREADS" "$DURATION" "$(nproc)"
printf '%-30s %8s %10s %9s %10s %9s %8s\n' "endpoint" "bytes" "req/s" "p99 ms" "static/s" "p99 ms" "ratio"
measure() { # LABEL PATH NAME
  local size a b
  size=$(baseline_for "$2" "$3")
  curl -s -o /dev/null "${URL}$2" # warm (and fill the cache when on)
  read -r a_rps a_p99 < <(wrk_run "$2")
  read -r b_rps b_p99 < <(wrk_run "baseline-$3.txt")
  printf '%-30s %8s %10.0f %9.2f %10.0f %9.2f %7.0f%%\n' "$1" "$size" "$a_rps" "$a_p99" "$b_rps" "$b_p99" \
    "$(python3 -c "print(100*$a_rps/max($b_rps,1))")"
}
for mode in cache nocache; do
  if [ "$mode" = nocache ]; then stop; start --no-cache; fi
  measure "search q=$WORD ($mode)" "$SEARCH" search
  measure "incident $ID ($mode)" "$INCIDENT" incident
  measure "stats ($mode)" "$STATS" stats
done
stop
