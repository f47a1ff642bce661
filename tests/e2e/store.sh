# store.sh — the casebook through the CLI: ingest (twice), search, show,
# stats, export, set + reextract, on the seeds in ../shared; and what
# a database must survive (read-only, corrupt, missing).
source "$(dirname "$0")/../lib.sh"

export JIKENBO_DB="$TMP/casebook.db"
seeds=("$JK_SHARED"/seeds/*.txt)
py() { python3 -c "$@"; }

# ---- ingest, twice -------------------------------------------------------
ok "ingest the seeds" "$JIKENBO" ingest "${seeds[@]}"
first=$(cat "$TMP/.out")
has "summary: files read" "$first" "5 files read"
has "summary: notices stored" "$first" "notices stored"
has "summary: duplicates" "$first" "duplicates (already stored)"
has "summary: other posts kept" "$first" "other posts kept"
counts1=$(sqlite3 "$JIKENBO_DB" "SELECT (SELECT count(*) FROM notices), (SELECT count(*) FROM incidents), (SELECT count(*) FROM sightings)")
ok "ingest the seeds again" "$JIKENBO" ingest "${seeds[@]}"
has "second run says nothing is new" "$(cat "$TMP/.out")" "already stored (same bytes): nothing new"
counts2=$(sqlite3 "$JIKENBO_DB" "SELECT (SELECT count(*) FROM notices), (SELECT count(*) FROM incidents), (SELECT count(*) FROM sightings)")
eq "second run stores nothing" "$counts2" "$counts1"
notices=$(echo "$counts1" | cut -d'|' -f1)
[ "$notices" -ge 55 ] && pass || failmsg "at least 55 notices stored" "got $notices"
dups=$(sqlite3 "$JIKENBO_DB" "SELECT count(*) FROM sightings GROUP BY notice_id HAVING count(*) > 1" | wc -l)
[ "$dups" -ge 1 ] && pass || failmsg "a notice seen twice has two sightings" "got $dups"

# ---- search ----------------------------------------------------------------
out=$("$JIKENBO" search 漏洩 --json)
total=$(printf '%s' "$out" | py 'import json,sys; print(json.load(sys.stdin)["total"])')
[ "$total" -ge 5 ] && pass || failmsg "漏洩 finds incidents" "total $total"
has "漏洩 hit in context" "$out" '\u0001漏洩\u0002'
has "紛失 finds the USB loss" "$("$JIKENBO" search 紛失)" "2024-046"
out=$("$JIKENBO" search 誤送信 --category misdelivery --since 2023-07 --json)
printf '%s' "$out" | py '
import json,sys
d=json.load(sys.stdin)
assert d["total"] >= 3, d["total"]
for h in d["hits"]:
    assert h["category"] == "misdelivery", h
    assert h["published"] >= "2023-07", h
' && pass || failmsg "誤送信 --category misdelivery --since 2023-07: every hit fits" "$out"
eq "words may carry filters" "$("$JIKENBO" search 誤送信 category:misdelivery since:2023-07 --json | py 'import json,sys; print(json.load(sys.stdin)["total"])')" \
  "$(printf '%s' "$out" | py 'import json,sys; print(json.load(sys.stdin)["total"])')"
has "text results end with a count" "$("$JIKENBO" search 漏洩 --limit 2)" "incidents match (showing 1-2"
fails "bad category is an error" "$JIKENBO" search 漏洩 --category bogus
has "bad category names the value" "$(cat "$TMP/.out")" "--category 'bogus': unknown category"
"$JIKENBO" search --since 2023-13 >/dev/null 2>&1; eq "bad date exits 2" "$?" "2"
"$JIKENBO" search category:nope >/dev/null 2>&1; eq "bad key:value exits 2" "$?" "2"
out=$("$JIKENBO" search "'; DROP TABLE incidents; --" --org "%'\"" --product "_" 2>&1)
eq "SQL metacharacters are data" "$(sqlite3 "$JIKENBO_DB" 'SELECT count(*) FROM incidents')" "$(echo "$counts1" | cut -d'|' -f2)"

# ---- show ------------------------------------------------------------------
"$JIKENBO" show 2023-446 --json >"$TMP/446.json"
py '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["incident"] == "2023-446"
seqs=[r["record"]["report_seq"] for r in d["reports"]]
assert seqs == [1,2,3], seqs
for r in d["reports"]:
    assert r["record"]["text"] and r["record"]["evidence"], r["n"]
' "$TMP/446.json" && pass || failmsg "show 2023-446: three reports in order, with text and evidence"
out=$("$JIKENBO" show 2023-446)
has "show: timeline" "$out" "report 3 of 3"
has "show: evidence snippets" "$out" "← 「"
eq "show 2023-277: two reports" "$("$JIKENBO" show 2023-277 --json | py 'import json,sys; print(len(json.load(sys.stdin)["reports"]))')" "2"
has "show --text marks evidence" "$("$JIKENBO" show 2023-446 --text)" "⟦2023-446⟧"
# Confidence: the stored record of 2024-046 gets chosen confidences (org
# and affected under 0.5) and a runner-up issuer, written into the
# database as a store would keep them, so the marks do not depend on how
# the extractor scores today; 2023-277's are set to all 0, as a record
# stored before confidence existed reads back.
jk_sql "$JIKENBO_DB" - <"$(dirname "$0")/../fixtures/confidence.sql"
out=$("$JIKENBO" show 2024-046)
line=$(printf '%s\n' "$out" | grep -E '^  affected ' || true)
has "show: a low-confidence value is marked ?" "$line" "  affected     ? 3,775"
has "show: and says why" "$line" "(low confidence 0.32: review)"
has "show: its evidence is still shown" "$line" "← 「"
has "show: an issuer under 0.5 is marked" "$(printf '%s\n' "$out" | grep -E '^  issuer ')" "? "
has "show: a sure value shows its confidence" "$(printf '%s\n' "$out" | grep -E '^  casebook ')" "(confidence 0.97)"
hasnt "show: a sure value is not marked" "$(printf '%s\n' "$out" | grep -E '^  casebook ')" "?"
has "show: the runner-up issuer" "$out" "runner-up      架空倉庫サービス株式会社"
has "show: the facts to review first" "$out" "review first   issuer (0.41), affected (0.32)"
hasnt "show: no confidence on facts without one" "$(printf '%s\n' "$out" | grep -E '^  (title|discovered|products) ')" "confidence"
"$JIKENBO" show 2024-046 --json >"$TMP/046.json"
py '
import json,sys
d=json.load(open(sys.argv[1]))
rec=d["reports"][0]["record"]
assert rec["confidence"]["affected"] == 0.32 and rec["confidence"]["org"] == 0.41, rec["confidence"]
assert set(rec["confidence"]) == {"casebook_id","org","published","report_seq","category","affected","card","data_types","reported_to","vendor"}, rec["confidence"]
assert rec["runner_up"] == {"org": "架空倉庫サービス株式会社"}, rec.get("runner_up")
' "$TMP/046.json" && pass || failmsg "show --json: the record has confidence and runner_up" "$(head -c 300 "$TMP/046.json")"
out=$("$JIKENBO" show 2023-277)
hasnt "show: all-zero confidence is unknown, nothing marked" "$out" "low confidence"
hasnt "show: all-zero confidence shows no numbers" "$out" "(confidence "
hasnt "show: all-zero confidence, nothing to review" "$out" "review first"
has "show --help explains confidence" "$("$JIKENBO" show --help)" "low confidence"
fails "show of an unknown incident fails" "$JIKENBO" show 1999-999
has "unknown incident is named" "$(cat "$TMP/.out")" "no incident '1999-999'"

# ---- stats -----------------------------------------------------------------
out=$("$JIKENBO" stats --by affected_month --json)
printf '%s' "$out" | py '
import json,sys
d=json.load(sys.stdin)
assert d["not_stated"] > 0 and d["undated"]["count"] > 0, d
assert sum(r["count"] for r in d["rows"]) + d["undated"]["count"] == d["total"], d
assert sum(r["not_stated"] for r in d["rows"]) + d["undated"]["not_stated"] == d["not_stated"], d
' && pass || failmsg "stats: months + undated = total, not stated per month" "$out"
has "stats text says not stated" "$("$JIKENBO" stats --by category)" "not stated"
eq "stats filtered" "$("$JIKENBO" stats --category misdelivery --json | py 'import json,sys; d=json.load(sys.stdin); print(d["rows"][0]["key"], d["total"]==d["rows"][0]["count"])')" "misdelivery True"
fails "stats by an unknown dimension" "$JIKENBO" stats --by colour

# ---- export ----------------------------------------------------------------
ok "export jsonl" "$JIKENBO" export --format jsonl -o "$TMP/all.jsonl"
reports=$(sqlite3 "$JIKENBO_DB" "SELECT sum(reports) FROM incidents")
eq "jsonl: one line per report" "$(wc -l <"$TMP/all.jsonl" | tr -d ' ')" "$reports"
py '
import json,sys
inc=set()
for line in open(sys.argv[1]):
    r=json.loads(line); inc.add(r["incident"])
    assert "category" in r and "evidence" in r and "source" in r
print(len(inc))' "$TMP/all.jsonl" >"$TMP/n" && pass || failmsg "jsonl lines are records"
eq "jsonl covers every incident" "$(cat "$TMP/n")" "$(echo "$counts1" | cut -d'|' -f2)"
ok "export csv" "$JIKENBO" export --format csv --per report -o "$TMP/all.csv"
py '
import csv,sys
rows=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8")))
assert rows[0][:3]==["incident","report","casebook_id"], rows[0]
assert len({len(r) for r in rows})==1, "ragged rows"
print(len(rows)-1)' "$TMP/all.csv" >"$TMP/n" && pass || failmsg "csv parses with python csv"
eq "csv: one row per report" "$(cat "$TMP/n")" "$reports"
fails "export needs a known format" "$JIKENBO" export --format xml

# ---- corrections survive reextract ---------------------------------------------
ok "set a category" "$JIKENBO" set 2023-446 category misuse --note "test: analyst review" --who tester
ok "set a count" "$JIKENBO" set 2023-446 affected 7,000 --who tester
"$JIKENBO" set 2023-446 colour red >/dev/null 2>&1; eq "unknown field exits 2" "$?" "2"
"$JIKENBO" set 2023-446 category nonsense >/dev/null 2>&1; eq "bad value exits 2" "$?" "2"
"$JIKENBO" set '2023-446#4' published 2023-11-01 >/dev/null 2>&1; eq "a report past the timeline exits 2" "$?" "2"
ok "set a report's date" "$JIKENBO" set '2023-446#1' published 2023-11-08 --who tester
ok "reextract" "$JIKENBO" reextract
has "reextract reports" "$(cat "$TMP/.out")" "corrections kept in force"
"$JIKENBO" show 2023-446 --json | py '
import json,sys
d=json.load(sys.stdin)
assert d["summary"]["category"] == "misuse", d["summary"]["category"]
assert d["summary"]["affected"] == 7000, d["summary"]["affected"]
assert len(d["corrections"]) == 3
c=d["corrections"][0]
assert c["who"]=="tester" and c["note"]=="test: analyst review" and c["at"] and c["extracted"]
assert d["reports"][0]["corrected"]["published"]["value"] == "2023-11-08"
' && pass || failmsg "corrections survive reextract, audit trail kept"
has "show marks corrections" "$("$JIKENBO" show 2023-446)" "corrected by tester"
eq "search sees the correction" "$("$JIKENBO" search --category misuse --incident 2023-446 --json | py 'import json,sys; print(json.load(sys.stdin)["total"])')" "1"
eq "export applies headline corrections to the headline, report ones to the report" \
  "$("$JIKENBO" export --format jsonl --incident 2023-446 | head -1 | py 'import json,sys; d=json.load(sys.stdin); print(d["headline"]["category"], d["headline"]["affected"], d["published"])')" \
  "misuse 7000 2023-11-08"

# ---- databases that cannot be used ---------------------------------------------
fails "search without a database" "$JIKENBO" search 漏洩 --db "$TMP/none.db"
has "missing database: what to do" "$(cat "$TMP/.out")" "run 'jikenbo ingest FILE...' first"
cp "$JIKENBO_DB" "$TMP/corrupt.db"
sqlite3 "$TMP/corrupt.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
size=$(stat -c %s "$TMP/corrupt.db")
truncate -s $((size / 2)) "$TMP/corrupt.db"
fails "corrupt database: export fails" "$JIKENBO" export --format jsonl --db "$TMP/corrupt.db" -o "$TMP/c.jsonl"
has "corrupt database: clear error" "$(cat "$TMP/.out")" "corrupt"
[ ! -e "$TMP/c.jsonl" ] && pass || failmsg "failed export leaves no output file"
head -c 10000 /dev/urandom >"$TMP/random.db"
fails "not a database: ingest fails" "$JIKENBO" ingest --db "$TMP/random.db" "${seeds[0]}"
has "not a database: clear error" "$(cat "$TMP/.out")" "not a jikenbo database"
cp "$JIKENBO_DB" "$TMP/ro.db"
chmod 444 "$TMP/ro.db"
immutable=0
if [ -w "$TMP/ro.db" ] && chattr +i "$TMP/ro.db" 2>/dev/null; then immutable=1; fi
if [ ! -w "$TMP/ro.db" ] || [ "$immutable" = 1 ]; then
  sum1=$(md5sum <"$TMP/ro.db")
  "$JIKENBO" ingest --db "$TMP/ro.db" "$JK_SHARED/dev/raw/"*.txt >"$TMP/.out" 2>&1
  eq "read-only database: exit 1" "$?" "1"
  has "read-only database: what to do" "$(cat "$TMP/.out")" "ro.db is read-only: use --db PATH with a writable file"
  eq "read-only database: untouched" "$(md5sum <"$TMP/ro.db")" "$sum1"
  [ "$immutable" = 1 ] && chattr -i "$TMP/ro.db"
else
  # No way to make a file read-only for this user (root without chattr):
  # the read-only open of search must still work.
  ok "read-only open still reads" "$JIKENBO" search 漏洩 --db "$TMP/ro.db"
fi
finish
