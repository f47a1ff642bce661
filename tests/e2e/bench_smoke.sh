# bench_smoke.sh — the benchmark tools cannot silently rot: the corpus
# generator is deterministic, writes the notices its manifest and gold file
# promise, `jikenbo extract` finds exactly those notices, and
# `bench/run --quick` prints its table.
source "$(dirname "$0")/../lib.sh"

BUILD=${BUILD:-build}
GEN=$PWD/$BUILD/bench/gen_corpus
if [ ! -x "$GEN" ]; then
  failmsg "gen_corpus is built" "$GEN missing (make BUILD=$BUILD $BUILD/bench/gen_corpus)"
  finish
fi

# Tiny corpus: 3 pages of 7 notices and a last page of 4.
ok "gen_corpus writes a corpus" "$GEN" --notices 25 --notices-per-file 7 --seed 3 --out "$TMP/c" --gold "$TMP/gold.jsonl" --quiet
eq "four pages" "$(ls "$TMP/c"/gen-*.txt | wc -l | tr -d ' ')" "4"
eq "manifest counts 25 notices" "$(awk -F'\t' 'NR > 1 { s += $2 } END { print s }' "$TMP/c/manifest.tsv")" "25"
eq "gold has 25 notices" "$(wc -l <"$TMP/gold.jsonl" | tr -d ' ')" "25"

# extract finds every generated notice, and no more.
n=$("$JIKENBO" extract "$TMP/c"/gen-*.txt | wc -l | tr -d ' ')
eq "extract finds the 25 notices" "$n" "25"
# Per page, too (a notice swallowed on one page can't hide behind an extra elsewhere).
while IFS=$'\t' read -r f want _; do
  [ "$f" = file ] && continue
  got=$("$JIKENBO" extract "$TMP/c/$f" | wc -l | tr -d ' ')
  eq "extract finds the notices of $f" "$got" "$want"
done <"$TMP/c/manifest.tsv"
# Headings are where the gold file says.
ok "eval: every gold notice detected" "$JIKENBO" eval --min-detect 1.0 "$TMP/gold.jsonl" "$TMP/c"/gen-*.txt

# Same arguments, same bytes; another seed, other bytes.
"$GEN" --notices 25 --notices-per-file 7 --seed 3 --quiet >"$TMP/a.txt"
"$GEN" --notices 25 --notices-per-file 7 --seed 3 --quiet >"$TMP/b.txt"
"$GEN" --notices 25 --notices-per-file 7 --seed 4 --quiet >"$TMP/d.txt"
ok "deterministic" cmp -s "$TMP/a.txt" "$TMP/b.txt"
fails "seed changes the text" cmp -s "$TMP/a.txt" "$TMP/d.txt"
eq "stdout holds the same pages" "$(cat "$TMP/c"/gen-*.txt | cksum)" "$(cksum <"$TMP/a.txt")"

# --mb stops at the size asked (at a notice boundary, within one notice).
"$GEN" --mb 0.2 --quiet >"$TMP/m.txt"
size=$(wc -c <"$TMP/m.txt" | tr -d ' ')
ok "--mb 0.2 writes 0.2 MB" test "$size" -ge 200000 -a "$size" -lt 210000

fails "no size is a usage error" "$GEN" --out "$TMP/x"
fails "--gold without --out is a usage error" "$GEN" --notices 5 --gold "$TMP/g2.jsonl"

# The quick benchmark prints its table.  Skipped under sanitizers (figures
# from an ASan build mean nothing, and it is slow) or with JK_BENCH_SMOKE=0.
if [ "${JK_BENCH_SMOKE:-1}" != 0 ] && [[ "$BUILD" != *asan* ]]; then
  out=$(JK_BENCH_OUT="$TMP/bench" BUILD="$BUILD" timeout 120 ./bench/run --quick 2>&1)
  has "bench: header" "$out" "jikenbo benchmarks (quick)"
  has "bench: baseline row" "$out" "baseline NFKC (utf8proc)"
  has "bench: extract row" "$out" "extract (no database)"
  has "bench: stream rows" "$out" "extract stream 2 MB"
  has "bench: ingest row" "$out" "ingest (database)"
fi
finish
