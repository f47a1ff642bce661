#!/usr/bin/env bash
# summary.sh — the counts the store keeps (lib/summary.c) against a plain
# recount: `stats` and `lessons` read the summary, `--recount` counts every
# matching incident's rows / records again.  On the seeds, with no filter
# and with each filter, after a correction and after reextract; lessons'
# incident lists compared as sets (the summary lists oldest first), every
# list complete with --all.
. "$(dirname "$0")/../lib.sh"
DB=$TMP/s.db
ok "ingest seeds" "$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt

# Lessons JSON with each row's incident list sorted and the "more" link dropped.
norm() { python3 -c '
import json, sys
d = json.load(sys.stdin)
for t in d["tables"]:
    for r in t["rows"]:
        r["incidents"] = sorted(r["incidents"]); r.pop("more", None)
print(json.dumps(d, sort_keys=True))'; }

compare() { # label, filter options…
  local label=$1; shift
  for by in category month data_type authority product affected_month; do
    a=$("$JIKENBO" stats --db "$DB" --by $by --json "$@" 2>&1)
    b=$("$JIKENBO" stats --db "$DB" --by $by --json --recount "$@" 2>&1)
    eq "$label: stats --by $by $*" "$a" "$b"
  done
  a=$("$JIKENBO" stats --db "$DB" --sum affected --json "$@" 2>&1)
  b=$("$JIKENBO" stats --db "$DB" --sum affected --json --recount "$@" 2>&1)
  eq "$label: stats --sum affected $*" "$a" "$b"
}
compare_lessons() {
  local label=$1; shift
  a=$("$JIKENBO" lessons --db "$DB" --json --all "$@" | norm)
  b=$("$JIKENBO" lessons --db "$DB" --json --recount "$@" | norm)
  eq "$label: lessons $*" "$a" "$b"
}

check_all() {
  local label=$1
  compare "$label"
  compare "$label" --category misdelivery
  compare "$label" --type email
  compare "$label" --reported ppc
  compare "$label" --since 2023-07
  compare "$label" --since 2023-01 --until 2023-12
  compare "$label" --since 2023-07-15
  # Date ranges with days: whole months from the counts, the cut months
  # read (few inside) or subtracted (few outside), one month cut twice.
  compare "$label" --since 2023-07-06
  compare "$label" --until 2023-07-27
  compare "$label" --since 2023-07-25 --until 2023-08-03
  compare "$label" --since 2023-07-12 --until 2023-07-27
  compare "$label" --since 2023-07-12 --until 2023-07-27 --category misdelivery
  compare "$label" --since 2022-01-01 --until 2023-12-31
  # Organisation (name and legal-form prefix), words with a category.
  compare "$label" --org 株式会社
  compare "$label" --org ア
  compare "$label" 漏洩 --category hacking
  compare "$label" --card yes
  compare "$label" --vendor no
  compare "$label" --type email --category misdelivery
  compare "$label" --type card --category theft
  compare "$label" 漏洩
  compare "$label" --product Google
  compare_lessons "$label"
  compare_lessons "$label" --category misconfiguration
  compare_lessons "$label" --category misdelivery
  compare_lessons "$label" --product Google
}
check_all "ingest"
eq "log empty after ingest's tidy" "$(sqlite3 "$DB" 'SELECT count(*) FROM summary_log')" 0
total=$("$JIKENBO" stats --db "$DB" --by category --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
eq "every incident counted" "$total" "$(sqlite3 "$DB" 'SELECT count(*) FROM incidents')"

# A correction moves an incident between rows; reextract rebuilds them all.
inc=$(sqlite3 "$DB" "SELECT label FROM incidents WHERE category=1 ORDER BY id LIMIT 1")
ok "set category" "$JIKENBO" set --db "$DB" "$inc" category loss --note test
ok "set affected" "$JIKENBO" set --db "$DB" "$inc" affected 12345
check_all "after set"
has "corrected incident counted as loss" "$("$JIKENBO" lessons --db "$DB" --json --all --category loss)" "\"$inc\""
ok "reextract" "$JIKENBO" reextract --db "$DB"
check_all "after reextract"

# The summary's log folded or not, the same answers: a write that is not
# an ingest leaves its changes in the log.
before=$(sqlite3 "$DB" 'SELECT count(*) FROM summary_log')
ok "set again" "$JIKENBO" set --db "$DB" "$inc" category misdelivery
eq "change in the log" "$(sqlite3 "$DB" 'SELECT count(*) FROM summary_log')" $((before + 1))
check_all "log not folded"

# First N and a link to the rest.
j=$("$JIKENBO" lessons --db "$DB" --json)
has "rows link to the rest" "$j" '"more":"/api/lessons/incidents?table='
fails "lessons: unknown category" "$JIKENBO" lessons --db "$DB" --category nope
finish
