#!/usr/bin/env bash
# bench/ingest_ab.sh — ingest speed of two builds, measured in one sitting.
#
#   bench/ingest_ab.sh BASE_BIN NEW_BIN [N] [RUNS]
#
# Generates N notices (default 20000; gen_corpus --notices N --seed 1, in
# $JK_BENCH_OUT/ingest-ab-N, default bench/out) once, then ingests the whole
# corpus into a fresh database RUNS times (default 3) with each binary,
# alternating A B A B … so that a change of load on the shared machine
# falls on both.  Per run: wall s, user+sys CPU s (/usr/bin/time), notices/s
# of both, database size.  Last: the median of each binary and the ratios
# NEW/BASE (> 1: NEW is faster).
# Environment: GEN (gen_corpus binary, default build/bench/gen_corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
A=$(readlink -f "$1") B=$(readlink -f "$2") N=${3:-20000} RUNS=${4:-3}
for x in "$A" "$B"; do [ -x "$x" ] || { echo "bench/ingest_ab.sh: '$x' is not an executable" >&2; exit 2; }; done
[[ "$N" =~ ^[1-9][0-9]*$ && "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "bench/ingest_ab.sh: N and RUNS are positive numbers" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/ingest_ab.sh: needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
GEN=${GEN:-build/bench/gen_corpus}
[ -x "$GEN" ] || make -s "$GEN"
OUT=${JK_BENCH_OUT:-bench/out}/ingest-ab-$N
CORPUS=$OUT/corpus
mkdir -p "$OUT"
if [ ! -s "$CORPUS/manifest.tsv" ]; then
  rm -rf "$CORPUS"
  "$GEN" --notices "$N" --seed 1 --out "$CORPUS" --quiet
fi
NG=$(awk -F'\t' 'NR > 1 { s += $2 } END { print s }' "$CORPUS/manifest.tsv")
export JIKENBO_NO_PROGRESS=1
echo "ingest A/B  $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) cores, $NG notices, $RUNS runs each"
echo "A = $A"
echo "B = $B"
printf '%-4s %-3s %8s %8s %9s %9s %8s %s\n' run bin wall_s cpu_s wall_n/s cpu_n/s db_MB load
: >"$OUT/runs.tsv"
for r in $(seq 1 "$RUNS"); do
  for w in A B; do
    bin=$A
    [ "$w" = B ] && bin=$B
    db=$OUT/ab.db
    rm -f "$db" "$db-wal" "$db-shm"
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$EPOCHREALTIME
    find "$CORPUS" -name 'gen-*.txt' -print0 | sort -z |
      /usr/bin/time -f '%U %S' -o "$OUT/time" xargs -0 "$bin" ingest --db "$db" >"$OUT/log" 2>&1 ||
      { echo "bench/ingest_ab.sh: ingest by $bin failed, see $OUT/log" >&2; exit 1; }
    t1=$EPOCHREALTIME
    size=$(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
    awk -v w="$w" -v r="$r" -v n="$NG" -v a="$t0" -v b="$t1" -v s="$size" -v l="$load" '
      { cpu = $1 + $2; wall = b - a
        printf "%-4s %-3s %8.2f %8.2f %9.0f %9.0f %8.1f %s\n", r, w, wall, cpu, n / wall, n / cpu, s / 1e6, l
        printf "%s\t%f\t%f\n", w, wall, cpu >> "'"$OUT/runs.tsv"'" }' "$OUT/time"
  done
done
rm -f "$OUT/ab.db" "$OUT/ab.db-wal" "$OUT/ab.db-shm"
awk -F'\t' -v n="$NG" '
  function med(v, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
  $1 == "A" { aw[++na] = $2; ac[na] = $3 } $1 == "B" { bw[++nb] = $2; bc[nb] = $3 }
  END { maw = med(aw, na); mac = med(ac, na); mbw = med(bw, nb); mbc = med(bc, nb)
    printf "median A: %.2f s wall (%.0f n/s), %.2f s CPU (%.0f n/s)\n", maw, n / maw, mac, n / mac
    printf "median B: %.2f s wall (%.0f n/s), %.2f s CPU (%.0f n/s)\n", mbw, n / mbw, mbc, n / mbc
    printf "B/A notices/s: wall %.3fx, CPU %.3fx\n", maw / mbw, mac / mbc }' "$OUT/runs.tsv"
