#!/usr/bin/env bash
# totals.sh — what an analyst hands on, on the seeds: the people affected
# over a search (`stats --sum affected`, /api/stats?sum=affected) against a
# plain sum over the incidents `export` writes, the undated incidents on
# their own line in every per-month view, CSV for spreadsheets (a row per
# incident or per report, anomalies, BOM, formula cells inert), and the
# search language on the command line (`search 誤送信 -FAX`).
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."

SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$TMP"' EXIT
export JIKENBO_DB="$TMP/casebook.db"
py() { python3 -c "$@"; }
ok "ingest the seeds" "$JIKENBO" ingest "$JK_SHARED"/seeds/*.txt
incidents=$(sqlite3 "$JIKENBO_DB" "SELECT count(*) FROM incidents")
reports=$(sqlite3 "$JIKENBO_DB" "SELECT sum(reports) FROM incidents")

# csv_sum FILE: "incidents stated not_stated people largest_id largest" of a
# per-incident CSV, summed plainly (an empty cell is not stated).
csv_sum() {
  py '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
st = [r for r in rows if r["affected"] != ""]
big = max(st, key=lambda r: int(r["affected"]), default=None)
print(len(rows), len(st), len(rows) - len(st), sum(int(r["affected"]) for r in st),
      big["incident"] if big else "-", big["affected"] if big else "-")' "$1"
}
# json_sum: the same fields from `stats --sum affected --json` on stdin.
json_sum() {
  py '
import json, sys
d = json.load(sys.stdin)
b = d["largest"]
assert d["sum"] == "affected" and d["stated"] + d["not_stated"] == d["incidents"], d
print(d["incidents"], d["stated"], d["not_stated"], d["people"], b["incident"] if b else "-", b["affected"] if b else "-")'
}

# ---- stats --sum affected = a plain sum over what export writes ------------------
ok "export csv (a row per incident)" "$JIKENBO" export --format csv -o "$TMP/all.csv"
want=$(csv_sum "$TMP/all.csv")
got=$("$JIKENBO" stats --sum affected --json | json_sum)
eq "sum over all: stats --sum affected = the CSV's affected column summed" "$got" "$want"
eq "the CSV has one row per incident" "$(echo "$want" | cut -d' ' -f1)" "$incidents"
ns=$(sqlite3 "$JIKENBO_DB" "SELECT count(*) FROM incidents WHERE affected IS NULL")
[ "$ns" -gt 0 ] && pass || failmsg "the seeds have incidents stating no count"
eq "not stated = the incidents whose affected is null" "$(echo "$got" | cut -d' ' -f3)" "$ns"
# The same for a search: words, an exclusion and a filter.
for args in "漏えい" "誤送信 -FAX" "--category misconfiguration" "個人情報 --since 2023-07 --until 2023-08" "存在しない語句"; do
  # shellcheck disable=SC2086
  "$JIKENBO" export --format csv $args >"$TMP/q.csv"
  # shellcheck disable=SC2086
  eq "sum for '$args' = the export's sum" "$("$JIKENBO" stats --sum affected --json $args | json_sum)" "$(csv_sum "$TMP/q.csv")"
done
# And the per-report export, where a follow-up repeats its incident: the
# sum of incidents is not the sum of report rows.
ok "export csv --per report" "$JIKENBO" export --format csv --per report -o "$TMP/rep.csv"
eq "--per report: a row per report" "$(py 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1],newline="",encoding="utf-8")))))' "$TMP/rep.csv")" "$reports"
[ "$reports" -gt "$incidents" ] && pass || failmsg "the seeds link follow-up reports" "$reports reports, $incidents incidents"
out=$("$JIKENBO" stats --sum affected)
has "text: people" "$out" "people affected (stated)"
has "text: not stated apart" "$out" "not stating it (not counted)"
has "text: the largest" "$out" "largest"
"$JIKENBO" stats --sum people >/dev/null 2>"$TMP/err"; eq "an unknown sum exits 2" "$?" "2"
has "an unknown sum names what can be summed" "$(cat "$TMP/err")" "sum one of: affected"
"$JIKENBO" stats --sum affected --by month >/dev/null 2>&1; eq "--sum with --by exits 2" "$?" "2"
"$JIKENBO" stats --sum '' >/dev/null 2>&1; eq "an empty --sum exits 2" "$?" "2"
"$JIKENBO" stats --sum affected "$(printf '\xff\xfe')" >/dev/null 2>&1
[ $? -le 2 ] && pass || failmsg "invalid UTF-8 words: a clear exit, not a crash"

# ---- undated incidents on their own line in every per-month view ----------------
undated=$(sqlite3 "$JIKENBO_DB" "SELECT count(*) FROM incidents WHERE published IS NULL OR length(published) < 7")
[ "$undated" -gt 0 ] && pass || failmsg "the seeds have undated incidents"
"$JIKENBO" stats --by affected_month --json >"$TMP/am.json"
"$JIKENBO" stats --by month --json >"$TMP/m.json"
py '
import csv, json, sys
am = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[2]))
rows = list(csv.DictReader(open(sys.argv[3], newline="", encoding="utf-8")))
und = [r for r in rows if len(r["published"]) < 7]
u = am["undated"]
assert u["count"] == len(und) == m["undated"]["count"] == m["not_stated"], (u, len(und), m["undated"])
assert u["people"] == sum(int(r["affected"]) for r in und if r["affected"]), (u, "people of the undated")
assert u["not_stated"] == sum(1 for r in und if not r["affected"]), u
assert sum(r["count"] for r in am["rows"]) + u["count"] == am["total"] == len(rows)
assert sum(r["people"] for r in am["rows"]) + u["people"] == sum(int(r["affected"]) for r in rows if r["affected"])
assert sum(r["count"] for r in m["rows"]) + m["undated"]["count"] == m["total"]
' "$TMP/am.json" "$TMP/m.json" "$TMP/all.csv" 2>"$TMP/err" && pass || failmsg "per-month views: the undated counted, their people summed" "$(cat "$TMP/err")"
eq "the undated line counts the undated" "$(py 'import json,sys; print(json.load(open(sys.argv[1]))["undated"]["count"])' "$TMP/am.json")" "$undated"
has "text: an undated line (affected_month)" "$("$JIKENBO" stats --by affected_month)" "undated (no month)"
has "text: an undated line (month)" "$("$JIKENBO" stats --by month)" "undated (no month)"

# ---- CSV for spreadsheets ---------------------------------------------------------
head -n 1 "$TMP/all.csv" | grep -q '^incident,reports,.*,anomalies,sources' && pass || failmsg "per-incident header" "$(head -n 1 "$TMP/all.csv")"
head -n 1 "$TMP/rep.csv" | grep -q '^incident,report,.*,anomalies,source_file,source_line' && pass || failmsg "per-report header" "$(head -n 1 "$TMP/rep.csv")"
cmp -s "$TMP/all.csv" <("$JIKENBO" export --format csv --per incident) && pass || failmsg "--per incident is the default"
# The anomalies column: each report's anomalies, as the records have them.
"$JIKENBO" export --format jsonl >"$TMP/all.jsonl"
py '
import csv, json, sys
want = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    want.setdefault(r["incident"], []).extend(("report %d: " % r["report"] if r["reports"] > 1 else "") + a for a in r.get("anomalies") or [])
rows = {r["incident"]: r for r in csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8"))}
got = {k: [x for x in r["anomalies"].split(";") if x] for k, r in rows.items()}
assert any(want.values()), "the seeds have anomalies"
bad = [k for k in want if want[k] != got.get(k)]
assert not bad, [(k, want[k], got.get(k)) for k in bad[:3]]
' "$TMP/all.jsonl" "$TMP/all.csv" 2>"$TMP/err" && pass || failmsg "anomalies column = the reports' anomalies" "$(cat "$TMP/err")"
# --bom: the UTF-8 byte order mark, then the same bytes.
"$JIKENBO" export --format csv --bom >"$TMP/bom.csv"
eq "--bom: EF BB BF first" "$(head -c 3 "$TMP/bom.csv" | od -An -tx1 | tr -d ' \n')" "efbbbf"
cmp -s <(tail -c +4 "$TMP/bom.csv") "$TMP/all.csv" && pass || failmsg "--bom: otherwise the same bytes"
eq "--bom --per report too" "$("$JIKENBO" export --format csv --bom --per report | head -c 3 | od -An -tx1 | tr -d ' \n')" "efbbbf"
"$JIKENBO" export --format jsonl --bom >/dev/null 2>"$TMP/err"; eq "--bom with jsonl exits 2" "$?" "2"
has "--bom with jsonl says it is for csv" "$(cat "$TMP/err")" "--bom is for --format csv"
"$JIKENBO" export --format stix --per report >/dev/null 2>&1; eq "--per with stix exits 2" "$?" "2"
"$JIKENBO" export --format csv --per notice >/dev/null 2>&1; eq "--per notice exits 2" "$?" "2"
# Formula cells stay inert, in both kinds of row, whatever a notice says.
ID=$(head -n 2 "$TMP/all.csv" | tail -n 1 | cut -d, -f1)
ok "a title a spreadsheet would run" "$JIKENBO" set "$ID" title '=HYPERLINK("http://example.invalid","x")' --who e2e
ok "an organisation in full-width formula form" "$JIKENBO" set "$ID" org '＝1+1' --who e2e
ID2=$(head -n 3 "$TMP/all.csv" | tail -n 1 | cut -d, -f1)
ok "a title after blanks" "$JIKENBO" set "$ID2" title '  @SUM(A1:A9)' --who e2e
# A headline correction leaves the reports as they are: the same on report 1
# for the rows --per report writes.
ok "report 1's title" "$JIKENBO" set "$ID#1" title '=HYPERLINK("http://example.invalid","x")' --who e2e
ok "report 1's organisation" "$JIKENBO" set "$ID#1" org '＝1+1' --who e2e
ok "report 1's title after blanks" "$JIKENBO" set "$ID2#1" title '  @SUM(A1:A9)' --who e2e
for per in incident report; do
  { "$JIKENBO" export --format csv --per $per --incident "$ID"
    "$JIKENBO" export --format csv --per $per --incident "$ID2" | tail -n +2; } >"$TMP/f.csv"
  py '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows, "no row"
for r in rows:
    for k, v in r.items():
        s = v.lstrip(" ")
        assert not s or s[0] not in "=+-@\t\r\uff1d\uff0b\uff0d\uff20", (k, v)
        assert not v.startswith(";"), (k, v)
titles = sorted(r["title"] for r in rows)
assert "\x27=HYPERLINK(\"http://example.invalid\",\"x\")" in titles, titles
assert any(t.startswith("\x27") and t.endswith("@SUM(A1:A9)") for t in titles), titles
assert any(r["org"] in ("\x27\uff1d1+1", "\x27=1+1") for r in rows), [r["org"] for r in rows]  # full width, or NFKC-ed
' "$TMP/f.csv" 2>"$TMP/err" && pass || failmsg "csv --per $per: formula cells start with '" "$(cat "$TMP/err")"
done

# ---- the search language on the command line --------------------------------------
all=$("$JIKENBO" search 誤送信 --json | py 'import json,sys; print(json.load(sys.stdin)["total"])')
ok "search 誤送信 -FAX runs" "$JIKENBO" search 誤送信 -FAX
"$JIKENBO" search 誤送信 -FAX --json --limit 1000 >"$TMP/nofax.json"
no=$(py 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$TMP/nofax.json")
[ "$no" -gt 0 ] && [ "$no" -lt "$all" ] && pass || failmsg "-FAX excludes some of 誤送信's incidents" "$no of $all"
py '
import json, sys, unicodedata
hits = {h["incident"] for h in json.load(open(sys.argv[1]))["hits"]}
text = {}
for line in open(sys.argv[2]):
    r = json.loads(line)
    text[r["incident"]] = text.get(r["incident"], "") + unicodedata.normalize("NFKC", r.get("text") or "").upper()
bad = [i for i in hits if "FAX" in text.get(i, "")]
assert not bad, bad
' "$TMP/nofax.json" "$TMP/all.jsonl" 2>"$TMP/err" && pass || failmsg "no hit of 誤送信 -FAX says FAX" "$(cat "$TMP/err")"
eq "-FAX first, then the word" "$("$JIKENBO" search -FAX 誤送信 --json | py 'import json,sys; print(json.load(sys.stdin)["total"])')" "$no"
eq "after --, the same" "$("$JIKENBO" search --json 誤送信 -- -FAX | py 'import json,sys; print(json.load(sys.stdin)["total"])')" "$no"
ok "search 誤送信 -ファクシミリ runs" "$JIKENBO" search 誤送信 -ファクシミリ
ok "an excluded phrase in shell quotes" "$JIKENBO" search 個人情報 -'"メール アドレス"'
ok "a phrase with a blank, excluded" "$JIKENBO" search 個人情報 "-メール アドレス"
or=$("$JIKENBO" search 誤送信 OR 紛失 --json | py 'import json,sys; print(json.load(sys.stdin)["total"])')
[ "$or" -gt "$all" ] && pass || failmsg "a OR b finds more than a" "$or vs $all"
eq "stats takes -word too" "$("$JIKENBO" stats --sum affected --json 誤送信 -FAX | py 'import json,sys; print(json.load(sys.stdin)["incidents"])')" "$no"
eq "export takes -word too" "$("$JIKENBO" export --format csv 誤送信 -FAX | tail -n +2 | wc -l | tr -d ' ')" "$no"
"$JIKENBO" search 誤送信 --bogus >/dev/null 2>&1; eq "an unknown --option is still an error" "$?" "2"
"$JIKENBO" search -FAX >/dev/null 2>"$TMP/err"; eq "only an exclusion: exit 2" "$?" "2"
has "only an exclusion: says what is missing" "$(cat "$TMP/err")" "at least one word"
help=$("$JIKENBO" search --help)
has "--help: exclusion" "$help" "誤送信 -FAX"
has "--help: OR" "$help" "誤送信 OR 誤送付"
has "--help: a phrase in shell quotes" "$help" "'\"Microsoft Teams\"'"
has "--help: words after --" "$help" "after --, every argument is a word"
has "-h still helps" "$("$JIKENBO" search -h)" "usage: jikenbo search"
has "stats --help shows the words too" "$("$JIKENBO" stats --help)" "-word excludes"

# ---- the API --------------------------------------------------------------------
"$JIKENBO" serve --db "$JIKENBO_DB" --listen 127.0.0.1:0 --no-cache >"$TMP/srv.out" 2>"$TMP/srv.log" &
SRV=$!
URL=
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/srv.out" 2>/dev/null | head -n 1)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] && pass || { failmsg "server started" "$(cat "$TMP/srv.log")"; finish; }
api() { curl -s -o "$TMP/body" -w '%{http_code}' "${URL%/}$1"; }
eq "/api/stats?sum=affected 200" "$(api "/api/stats?sum=affected")" 200
eq "API sum = the command's" "$(json_sum <"$TMP/body")" "$("$JIKENBO" stats --sum affected --json | json_sum)"
q=$(py 'import urllib.parse; print(urllib.parse.quote("誤送信 -FAX"))')
eq "/api/stats?sum=affected&q=… 200" "$(api "/api/stats?sum=affected&q=$q&since=2023")" 200
eq "API sum of a search = the command's" "$(json_sum <"$TMP/body")" "$("$JIKENBO" stats --sum affected --json 誤送信 -FAX --since 2023 | json_sum)"
eq "sum=people is a 400" "$(api "/api/stats?sum=people")" 400
eq "sum and by together are a 400" "$(api "/api/stats?sum=affected&by=month")" 400
eq "sum=<script> is a 400" "$(api "/api/stats?sum=%3Cscript%3E")" 400
hasnt "the 400 does not echo the markup" "$(cat "$TMP/body")" "<script>"
eq "/api/stats?by=affected_month has the undated" "$(api "/api/stats?by=affected_month")" 200
eq "API undated = the command's" "$(py 'import json,sys; print(json.load(open(sys.argv[1]))["undated"])' "$TMP/body")" \
  "$(py 'import json,sys; print(json.load(open(sys.argv[1]))["undated"])' "$TMP/am.json")"
eq "/api/export?format=csv&per=report&bom=1 200" "$(api "/api/export?format=csv&per=report&bom=1")" 200
"$JIKENBO" export --format csv --per report --bom >"$TMP/cli.csv"
cmp -s "$TMP/body" "$TMP/cli.csv" && pass || failmsg "API csv per=report bom=1: the command's bytes"
# The download carries a BOM unless bom=0 (Excel shows Japanese then).
eq "/api/export?format=csv 200" "$(api "/api/export?format=csv")" 200
"$JIKENBO" export --format csv --bom >"$TMP/cli.csv"
cmp -s "$TMP/body" "$TMP/cli.csv" && pass || failmsg "API csv: the command's bytes with --bom (a row per incident)"
eq "/api/export?format=csv&bom=0 200" "$(api "/api/export?format=csv&bom=0")" 200
"$JIKENBO" export --format csv >"$TMP/cli.csv"
cmp -s "$TMP/body" "$TMP/cli.csv" && pass || failmsg "API csv bom=0: the command's bytes (a row per incident)"
eq "per=notice is a 400" "$(api "/api/export?format=csv&per=notice")" 400
eq "bom=maybe is a 400" "$(api "/api/export?format=csv&bom=maybe")" 400
eq "per with jsonl is a 400" "$(api "/api/export?format=jsonl&per=report")" 400
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=
finish
