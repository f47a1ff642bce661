# record.sh — the incident record (issue 12): the victim chosen from the
# reports (a regulator's notice linked to the breached company's incident
# does not name it), the timeline by notice date, each headline value's
# report; corrections at headline and report level and their list
# (jikenbo corrections); exports whose modified/timestamp follow a
# correction, byte-identical otherwise, no invented dates; provenance of
# files (--source-url, urls.tsv) in show and every export; and
# re-extraction of the seeds and dev that changes no title and no field.
source "$(dirname "$0")/../lib.sh"

HERE=$(cd "$(dirname "$0")/.." && pwd)
PY=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { failmsg "python3 with jsonschema" "not found: run scripts/install-deps"; finish; }
val() { "$PY" "$HERE/validate_exports.py" "$JK_SHARED" "$@"; }

db="$TMP/a.db"
export JIKENBO_DB="$db"
ok "seeds ingested" "$JIKENBO" ingest "$JK_SHARED"/seeds/*.txt

# ---- 1. victim and issuer, timeline by date ----------------------------------
"$JIKENBO" show 2023-107 --json >"$TMP/107.json"
py() { "$PY" -c "$1" "$TMP/107.json"; }
eq "the 5,960,000-person incident's victim is the company" \
  "$(py 'import json,sys; print(json.load(open(sys.argv[1]))["victim"])')" "株式会社NTTドコモ"
eq "its headline says 5,960,000 people" \
  "$(py 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["affected"])')" "5960000"
eq "the regulator is an issuer, not the victim" \
  "$(py 'import json,sys; d=json.load(open(sys.argv[1])); print(",".join(r["issuer"]+":"+r["issuer_role"] for r in d["reports"]))')" \
  "株式会社NTTドコモ:own,個人情報保護委員会:regulator"
eq "each headline value names its report" \
  "$(py 'import json,sys; f=json.load(open(sys.argv[1]))["headline_from"]; print(f["org"], f["affected"], f["published"])')" "1 1 1"
has "search lists the victim" "$("$JIKENBO" search --incident 2023-107)" "株式会社NTTドコモ"
hasnt "search no longer credits the regulator" "$("$JIKENBO" search --incident 2023-107 | head -n 1)" "個人情報保護委員会"
has "show names the victim and where it came from" "$("$JIKENBO" show 2023-107)" "victim         株式会社NTTドコモ   (report 1)"
has "show says the regulator published about another" "$("$JIKENBO" show 2023-107)" "regulator: published about another organisation"

# Every timeline of the seeds and dev: dated reports in date order, the
# undated after them (by when they were first seen).
ok "dev ingested" "$JIKENBO" ingest "$JK_SHARED"/dev/raw/*.txt
"$JIKENBO" search --limit 1000 | grep -E '^[0-9J]' | awk '{print $1}' >"$TMP/ids"
: >"$TMP/timelines"
while read -r id; do "$JIKENBO" show "$id" --json >>"$TMP/timelines"; echo >>"$TMP/timelines"; done <"$TMP/ids"
"$PY" - "$TMP/timelines" >"$TMP/tl.out" 2>&1 <<'EOF' && pass || failmsg "every timeline is in date order" "$(cat "$TMP/tl.out")"
import json, sys
n = multi = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    d = json.loads(line)
    n += 1
    keys = []
    for r in d["reports"]:
        p = r["record"].get("published")
        keys.append((p or r["fetched"][:10]).replace("-", "").ljust(8, "0"))
    assert keys == sorted(keys), (d["incident"], keys)
    if len(keys) > 1:
        multi += 1
assert n > 100 and multi >= 3, (n, multi)
print(n, "incidents,", multi, "with several reports")
EOF

# ---- 3. exports follow the record ---------------------------------------------
"$JIKENBO" export --format stix -o "$TMP/s1.json" 2>/dev/null
"$JIKENBO" export --format stix -o "$TMP/s2.json" 2>/dev/null
ok "stix re-export without a change is byte-identical" cmp "$TMP/s1.json" "$TMP/s2.json"
"$JIKENBO" export --format misp >"$TMP/m1.jsonl"
"$JIKENBO" export --format veris >"$TMP/v1.jsonl"
# A re-extraction that changes nothing changes no export.
ok "reextract" "$JIKENBO" reextract
"$JIKENBO" export --format stix -o "$TMP/s3.json" 2>/dev/null
ok "stix after a reextract that changed nothing is byte-identical" cmp "$TMP/s1.json" "$TMP/s3.json"
"$JIKENBO" export --format misp >"$TMP/m3.jsonl"
ok "misp after it is byte-identical" cmp "$TMP/m1.jsonl" "$TMP/m3.jsonl"

# Fields of one object of a STIX bundle / MISP event / VERIS record.
stix_obj() { "$PY" -c '
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
for o in b["objects"]:
    if o["type"] == sys.argv[2] and sys.argv[3] in json.dumps(o, ensure_ascii=False):
        print(o.get(sys.argv[4])); break' "$@"; }
misp_ts() { "$PY" -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(l)["Event"]
    if any(a["value"] == sys.argv[2] and a["comment"] == "jikenbo incident" for a in e["Attribute"]):
        print(e["timestamp"]); break' "$@"; }
veris_mod() { "$PY" -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    v = json.loads(l)
    if ("jikenbo incident " + sys.argv[2] + ";") in v["notes"]:
        print(v["plus"]["modified"]); break' "$@"; }

before=$(stix_obj "$TMP/s1.json" incident '"external_id": "2023-107"' modified)
ts_before=$(misp_ts "$TMP/m1.jsonl" 2023-107)
ok "a headline correction" "$JIKENBO" set 2023-107 affected 5,950,000 --who tester --note "recount"
"$JIKENBO" export --format stix -o "$TMP/s4.json" 2>/dev/null
"$JIKENBO" export --format misp >"$TMP/m4.jsonl"
"$JIKENBO" export --format veris >"$TMP/v4.jsonl"
after=$(stix_obj "$TMP/s4.json" incident '"external_id": "2023-107"' modified)
at=$("$JIKENBO" corrections --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[-1]["at"])')
eq "a correction bumps STIX modified to its time" "$after" "${at%Z}.000Z"
[ "$after" \> "$before" ] && pass || failmsg "STIX modified moved forward" "$before -> $after"
ts_after=$(misp_ts "$TMP/m4.jsonl" 2023-107)
[ "$ts_after" -gt "$ts_before" ] && pass || failmsg "MISP timestamp moved forward" "$ts_before -> $ts_after"
eq "VERIS plus.modified follows it" "$(veris_mod "$TMP/v4.jsonl" 2023-107)" "${at%Z}.000Z"
has "the exports carry the corrected count" "$(grep -F '"external_id":"2023-107"' "$TMP/s4.json")" '"record_count":5950000'
eq "other incidents' objects are unchanged" "$(grep -vF '2023-107' "$TMP/s1.json" | grep -v '"bundle--' | md5sum)" \
  "$(grep -vF '2023-107' "$TMP/s4.json" | grep -v '"bundle--' | md5sum)"
# An undated notice: published is when it was first seen, and says so.
has "an undated report says its published is first-seen" "$(cat "$TMP/s4.json")" '"x_jikenbo_published_from":"first-seen"'
has "a dated report says its published is the notice's" "$(cat "$TMP/s4.json")" '"x_jikenbo_published_from":"notice"'
ok "the corrected stix validates" val stix "$TMP/s4.json"
ok "the corrected misp validates" val misp "$TMP/m4.jsonl"
ok "the corrected veris validates" val veris "$TMP/v4.jsonl"

# ---- 2. corrections at the right level, and their list ------------------------
ok "a report correction" "$JIKENBO" set '2023-107#2' org 個人情報保護委員会事務局 --who tester
"$JIKENBO" show 2023-107 --json >"$TMP/107.json"
eq "the report's correction leaves the victim" \
  "$(py 'import json,sys; print(json.load(open(sys.argv[1]))["victim"])')" "株式会社NTTドコモ"
eq "the audit shows the value extracted for that record" \
  "$(py 'import json,sys; c=json.load(open(sys.argv[1]))["corrections"][-1]; print(c["report"], c["extracted"])')" \
  "2 個人情報保護委員会"
ok "a headline org correction" "$JIKENBO" set 2023-107 org 株式会社NTTドコモ（訂正） --who tester
"$JIKENBO" show 2023-107 --json >"$TMP/107.json"
eq "a headline correction changes the headline only" \
  "$(py 'import json,sys; d=json.load(open(sys.argv[1])); print(d["victim"], d["reports"][0]["issuer"], d["headline_from"]["org"])')" \
  "株式会社NTTドコモ(訂正) 株式会社NTTドコモ correction"
list=$("$JIKENBO" corrections)
has "corrections lists the headline one" "$list" "2023-107   headline  affected = 5950000  (was 5960000)  by tester: recount"
has "corrections lists the report one" "$list" "2023-107   report 2  org"
has "corrections counts them" "$list" "3 corrections"
has "corrections --since the future lists none" "$("$JIKENBO" corrections --since 2999-01-01)" "0 corrections since 2999-01-01"
has "corrections --since the past lists all" "$("$JIKENBO" corrections --since 2000-01-01T00:00:00Z)" "3 corrections"
ok "corrections --json is JSON" sh -c '"$1" corrections --json | "$2" -c "import json,sys; assert len(json.load(sys.stdin)) == 3"' _ "$JIKENBO" "$PY"
for bad in 'yesterday' '<script>' '2024-13-01' '2024-01-01; DROP TABLE corrections' "$(printf '\xff\xfe')"; do
  fails "corrections --since '$bad' is refused" "$JIKENBO" corrections --since "$bad"
done
has "its error names the form" "$("$JIKENBO" corrections --since nope 2>&1)" "YYYY-MM-DD"
has "corrections --help" "$("$JIKENBO" corrections --help)" "--since DATE"
has "help lists corrections" "$("$JIKENBO" help 2>&1)" "corrections"
fails "set INCIDENT#N past the timeline" "$JIKENBO" set '2023-107#3' affected 1
fails "set on a hostile target" "$JIKENBO" set '<script>#1' affected 1

# ---- 5. provenance for files --------------------------------------------------
mkdir -p "$TMP/dev/raw"
cp "$JK_SHARED"/dev/raw/d0[1-3].txt "$TMP/dev/raw/"
cp "$JK_SHARED/dev/urls.tsv" "$TMP/dev/urls.tsv"
url1=$(awk -F'\t' '$1=="d01.txt"{print $2}' "$JK_SHARED/dev/urls.tsv")
p="$TMP/p.db"
ok "files with a urls.tsv beside them" "$JIKENBO" ingest --db "$p" "$TMP"/dev/raw/*.txt
id=$("$JIKENBO" export --db "$p" --format jsonl | "$PY" -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    if d["source"]["file"].endswith("d01.txt"): print(d["incident"]); break')
has "show gives the URL from urls.tsv" "$("$JIKENBO" show --db "$p" "$id")" "url            $url1"
has "show gives the content hash" "$("$JIKENBO" show --db "$p" "$id")" "SHA-256 $(sha256sum "$TMP/dev/raw/d01.txt" | cut -c1-64)"
"$JIKENBO" export --db "$p" --format stix -o "$TMP/p.stix.json" 2>/dev/null
has "stix references the URL with its hash" "$(cat "$TMP/p.stix.json")" \
  "{\"source_name\":\"notice source\",\"url\":\"$url1\",\"hashes\":{\"SHA-256\":\"$(sha256sum "$TMP/dev/raw/d01.txt" | cut -c1-64)\"}}"
has "misp links the URL" "$("$JIKENBO" export --db "$p" --format misp)" "\"type\":\"link\",\"category\":\"External analysis\",\"to_ids\":false,\"value\":\"$url1\""
has "misp gives the source's hash" "$("$JIKENBO" export --db "$p" --format misp)" '"comment":"report 1: source SHA-256"'
has "veris references the URL" "$("$JIKENBO" export --db "$p" --format veris)" "\"reference\":\"$url1 (SHA-256 "
has "jsonl gives the URL" "$("$JIKENBO" export --db "$p" --format jsonl)" "\"url\":\"$url1\""
ok "the provenance stix validates" val stix "$TMP/p.stix.json"
"$JIKENBO" export --db "$p" --format misp >"$TMP/p.misp.jsonl"
ok "the provenance misp validates" val misp "$TMP/p.misp.jsonl"
# One file: --source-url; given later for a file already stored, it is kept.
printf '株式会社架空堂 顧客情報の流出に関するお知らせ\n2024年5月1日\n当社の顧客情報12件が流出しました。\n' >"$TMP/one.txt"
ok "ingest without a URL" "$JIKENBO" ingest --db "$p" "$TMP/one.txt"
ok "ingest --source-url for the stored file" "$JIKENBO" ingest --db "$p" --source-url https://kakudo.example.invalid/news/0501.html "$TMP/one.txt"
has "the URL given later is kept" "$("$JIKENBO" export --db "$p" --format jsonl)" '"url":"https://kakudo.example.invalid/news/0501.html"'
fails "--source-url with two files" "$JIKENBO" ingest --db "$p" --source-url https://a.example.invalid/ "$TMP/one.txt" "$TMP/dev/raw/d01.txt"
for bad in 'javascript:alert(1)' 'https://x.example.invalid/<script>' 'ftp://x.example.invalid/' "https://a b.example.invalid/" ''; do
  fails "--source-url '$bad' is refused" "$JIKENBO" ingest --db "$p" --source-url "$bad" "$TMP/one.txt"
done
# A hostile urls.tsv: bad lines are skipped with their line number, good ones kept.
mkdir -p "$TMP/h"
printf '株式会社架空舎 メール誤送信のお詫び\n2024年6月1日\nメール3件を誤送信しました。\n' >"$TMP/h/n.txt"
{ printf 'no tab here\n'; printf 'n.txt\tjavascript:alert(1)\n'; printf 'n.txt\thttps://x.example.invalid/"><script>alert(1)</script>\n';
  printf '\xff\xfe\x00binary\tjunk\n'; printf 'n.txt\thttps://kasha.example.invalid/0601.html\n'; } >"$TMP/h/urls.tsv"
ok "ingest beside a hostile urls.tsv" "$JIKENBO" ingest --db "$p" "$TMP/h/n.txt"
has "bad lines are named" "$(cat "$TMP/.out")" "urls.tsv:1: not FILE<TAB>URL"
has "the good line is used" "$("$JIKENBO" export --db "$p" --format jsonl)" '"url":"https://kasha.example.invalid/0601.html"'
hasnt "no script URL kept" "$("$JIKENBO" export --db "$p" --format jsonl)" 'javascript:'

# ---- 9. re-extraction never loses a better value --------------------------------
r="$TMP/r.db"
"$JIKENBO" ingest --db "$r" "$JK_SHARED"/seeds/*.txt "$JK_SHARED"/dev/raw/*.txt >/dev/null 2>&1
"$JIKENBO" export --db "$r" --format jsonl >"$TMP/before.jsonl"
ok "reextract the seeds and dev" "$JIKENBO" reextract --db "$r"
"$JIKENBO" export --db "$r" --format jsonl >"$TMP/after.jsonl"
"$PY" - "$TMP/before.jsonl" "$TMP/after.jsonl" >"$TMP/rx.out" 2>&1 <<'EOF' && pass || failmsg "reextract changes no title and no field" "$(head -c 2000 "$TMP/rx.out")"
import json, sys
key = lambda d: (d["source"]["file"], d["source"]["line"])
before = {key(d): d for d in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
after = {key(d): d for d in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
assert before.keys() == after.keys(), "different notices"
bad = []
for k, b in before.items():
    a = after[k]
    for f in set(b) | set(a):
        if f not in ("fetched",) and b.get(f) != a.get(f):
            bad.append(f"{k[0]}:{k[1]} {f}: {str(b.get(f))[:60]!r} -> {str(a.get(f))[:60]!r}")
titles = sum(1 for d in before.values() if d.get("title"))
assert not bad, "\n".join(bad)
assert len(before) > 100 and titles > 90, (len(before), titles)
print(len(before), "notices,", titles, "titles: the same after reextract")
EOF

finish
