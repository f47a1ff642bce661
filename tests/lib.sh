# tests/lib.sh — helpers for end-to-end scripts (source it).
#   ok NAME CMD...       passes when CMD exits 0
#   fails NAME CMD...    passes when CMD exits non-zero
#   eq NAME GOT WANT     passes when the strings are equal
#   has NAME TEXT NEEDLE passes when TEXT contains NEEDLE
#   finish               prints "N passed, N failed" and exits
#   jk_sql DB SQL        sqlite3 DB SQL with jk_unpack(x) (TEXT of a stored,
#                        compressed value), jk_unpack_text, jk_raw(raw, text)
#                        (tests/jk_sql.py)
# $JIKENBO is the binary under test, $JK_SHARED the shared corpus, $TMP a
# scratch directory removed at exit.
set -u
PASS=0
FAIL=0
JIKENBO=${JIKENBO:-$PWD/build/jikenbo}
JK_SHARED=${JK_SHARED:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export JIKENBO_NO_PROGRESS=1
export JK_SQL_PY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/jk_sql.py
jk_sql() { python3 "$JK_SQL_PY" "$@"; }

pass() { PASS=$((PASS + 1)); }
failmsg() { FAIL=$((FAIL + 1)); echo "FAIL $1${2:+: $2}"; }
ok() { local n=$1; shift; if "$@" >"$TMP/.out" 2>&1; then pass; else failmsg "$n" "exit $? from $*"; sed 's/^/    /' "$TMP/.out" | head -20; fi; }
fails() { local n=$1; shift; if "$@" >"$TMP/.out" 2>&1; then failmsg "$n" "expected failure from $*"; else pass; fi; }
eq() { if [ "$2" = "$3" ]; then pass; else failmsg "$1" "got '$2', want '$3'"; fi; }
has() { if printf '%s' "$2" | grep -qF -- "$3"; then pass; else failmsg "$1" "missing '$3' in: $(printf '%s' "$2" | head -c 400)"; fi; }
hasnt() { if printf '%s' "$2" | grep -qF -- "$3"; then failmsg "$1" "unexpected '$3'"; else pass; fi; }
# The XSS polyglot line of seeds/001, read at run time (never copied here).
polyglot() { grep -h -m1 'jaVasCript:' "$JK_SHARED"/seeds/001_*.txt | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'; }
finish() { echo "$PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; exit $?; }
