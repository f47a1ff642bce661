# check.sh — `jikenbo check` and `jikenbo lessons` through the CLI: the
# table, --json, --sarif (validated against the SARIF 2.1.0 schema in
# ../shared), --fail-on exit codes, unknown and malformed files, casebook
# evidence after ingesting the seeds, the empty-database message, lessons
# counts cross-checked with `stats`, and a 100,000-file Drive export.
source "$(dirname "$0")/../lib.sh"

FX=$(cd "$(dirname "$0")/../fixtures/check" && pwd)
SCHEMA="$JK_SHARED/schemas/sarif/sarif-schema-2.1.0.json"
EMPTY="$TMP/none.db" # never created: an empty casebook
export JIKENBO_DB="$EMPTY"

# SARIF validation with python3-jsonschema (Draft 4, the schema's dialect).
sarif_valid() {
  python3 - "$SCHEMA" "$1" <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.Draft4Validator.check_schema(schema)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
for e in errors[:5]:
    print("invalid:", list(e.absolute_path), e.message[:200])
sys.exit(1 if errors else 0)
EOF
}
jq_py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# ---- the table -------------------------------------------------------------
out=$("$JIKENBO" check --lang en "$FX/graph.team-public.pos.json" "$FX/s3.acl-public.pos.json" 2>&1)
has "table: format of each file" "$out" "graph.team-public.pos.json: graph-groups (Microsoft Graph GET /groups), 2 objects"
has "table: second format" "$out" "s3-bucket-acl"
has "table: the rule" "$out" "graph.team-public"
has "table: where" "$out" "graph.team-public.pos.json:4:5  /value/0  \"6年1組 連絡\""
has "table: what was seen" "$out" "visibility=Public, resourceProvisioningOptions=[Team]"
has "table: fix" "$out" "fix: Set the team's privacy to Private"
has "table: empty casebook says so" "$out" "no casebook incidents to compare (database empty: run jikenbo ingest)"
hasnt "table: no colour when not a terminal" "$out" $'\033['
out=$("$JIKENBO" check --color always --lang en "$FX/graph.team-public.pos.json" 2>&1)
has "colour when asked" "$out" $'\033[1;31m'
out=$("$JIKENBO" check --lang ja "$FX/graph.team-public.pos.json" 2>&1)
has "Japanese titles" "$out" "Teams のチームが「パブリック(公開)」"
has "Japanese empty casebook" "$out" "jikenbo ingest を実行してください"
out=$("$JIKENBO" check --lang en "$FX/graph.team-public.neg.json" 2>&1)
hasnt "negative: no team finding" "$out" "graph.team-public —"
out=$("$JIKENBO" check --lang en "$FX/drive.form-anyone-edit.pos.json" 2>&1)
has "forms summary setting is not faked: it points to lessons" "$out" "appears in no export"

# ---- exit codes ----------------------------------------------------------------
"$JIKENBO" check "$FX/az.tls-old.pos.json" >/dev/null 2>&1
eq "findings alone exit 0" "$?" "0"
"$JIKENBO" check --fail-on high "$FX/az.tls-old.pos.json" >/dev/null 2>&1
eq "--fail-on high ignores a low finding" "$?" "0"
"$JIKENBO" check --fail-on low "$FX/az.tls-old.pos.json" >/dev/null 2>&1
eq "--fail-on low fails on a low finding" "$?" "3"
"$JIKENBO" check --fail-on medium "$FX/graph.team-public.pos.json" >/dev/null 2>&1
eq "--fail-on medium fails on a high finding" "$?" "3"
"$JIKENBO" check --fail-on high "$FX/graph.team-public.neg.json" "$FX/s3.acl-public.neg.json" >/dev/null 2>&1
eq "--fail-on high: clean files exit 0" "$?" "0"
"$JIKENBO" check --fail-on urgent "$FX/az.tls-old.pos.json" >/dev/null 2>&1
eq "bad --fail-on is a usage error" "$?" "2"
"$JIKENBO" check >/dev/null 2>&1
eq "no files is a usage error" "$?" "2"

# ---- unknown, malformed, truncated ------------------------------------------------
"$JIKENBO" check "$FX/unknown.json" "$FX/graph.team-public.pos.json" >"$TMP/u.out" 2>"$TMP/u.err"
eq "unknown format exits 1" "$?" "1"
err=$(cat "$TMP/u.err")
has "unknown format: names the file" "$err" "unknown.json: unknown format"
has "unknown format: lists the formats known" "$err" "graph-groups, az-storage-accounts, az-storage-containers, drive-files"
has "the other file is still checked" "$(cat "$TMP/u.out")" "graph.team-public"
# Every option an error names is one `check --help` lists (there was a
# "--formats" that never existed).
printf 'a,b\n1,2\n' >"$TMP/unknown.txt"
printf '\x00\x01binary' >"$TMP/binary.bin"
for f in "$FX/unknown.json" "$FX/unknown.csv" "$FX/malformed.json" "$FX/truncated.json" "$FX/truncated.rules" \
  "$TMP/unknown.txt" "$TMP/binary.bin"; do
  "$JIKENBO" check "$f" >/dev/null 2>>"$TMP/all.err"
done
"$JIKENBO" check --bogus "$FX/unknown.json" >/dev/null 2>>"$TMP/all.err"
"$JIKENBO" check --help >"$TMP/help.txt"
named=$(grep -o -- '--[a-z][a-z-]*' "$TMP/all.err" | grep -vx -- '--bogus' | sort -u)
[ -n "$named" ] && pass || failmsg "errors name an option to read" "$(cat "$TMP/all.err")"
for o in $named; do
  grep -q -- "$o" "$TMP/help.txt" && pass || failmsg "error names $o, which check --help does not list"
done
hasnt "no --formats in the errors" "$(cat "$TMP/all.err")" "--formats"
fails "malformed JSON fails" "$JIKENBO" check "$FX/malformed.json"
has "malformed: line and column" "$(cat "$TMP/.out")" "malformed.json:6:30: malformed JSON"
fails "truncated JSON fails" "$JIKENBO" check "$FX/truncated.json"
has "truncated: says so" "$(cat "$TMP/.out")" "truncated JSON"
fails "truncated rules fail" "$JIKENBO" check "$FX/truncated.rules"
has "truncated rules: says so" "$(cat "$TMP/.out")" "truncated"
fails "missing file fails" "$JIKENBO" check "$TMP/no-such.json"
has "missing file: named" "$(cat "$TMP/.out")" "no-such.json: cannot open"
ok "empty list is fine" "$JIKENBO" check "$FX/empty-list.json"
cat "$FX/s3.policy-public.pos.json" | "$JIKENBO" check - >"$TMP/stdin.out" 2>&1
has "stdin is read" "$(cat "$TMP/stdin.out")" "s3.policy-public"

# ---- JSON ----------------------------------------------------------------------------
"$JIKENBO" check --json "$FX"/*.pos.* >"$TMP/all.json" 2>/dev/null
eq "--json: one finding per positive fixture at least" \
  "$(jq_py "$TMP/all.json" "len({f['rule'] for f in d['findings']})")" \
  "$(ls "$FX"/*.pos.* | wc -l)"
eq "--json: summary counts add up" \
  "$(jq_py "$TMP/all.json" "d['summary']['high']+d['summary']['medium']+d['summary']['low']==d['summary']['findings']")" "True"
eq "--json: casebook evidence is empty, not missing" \
  "$(jq_py "$TMP/all.json" "d['casebook']['incidents']")" "0"

# ---- SARIF -------------------------------------------------------------------------------
"$JIKENBO" check --sarif "$FX"/*.pos.* "$FX/unknown.json" >"$TMP/all.sarif" 2>/dev/null
eq "--sarif with an unknown file exits 1" "$?" "1"
ok "SARIF validates against the 2.1.0 schema" sarif_valid "$TMP/all.sarif"
eq "SARIF: a result per finding" "$(jq_py "$TMP/all.sarif" "len(d['runs'][0]['results'])")" \
  "$(jq_py "$TMP/all.json" "len(d['findings'])")"
eq "SARIF: rules from the table" "$(jq_py "$TMP/all.sarif" "len(d['runs'][0]['tool']['driver']['rules'])")" \
  "$("$JIKENBO" check --rules | grep -c '^[a-z0-9]*\.[a-z-]*  *\(high\|medium\|low\)')"
eq "SARIF: the unknown file is an error notification" \
  "$(jq_py "$TMP/all.sarif" "d['runs'][0]['invocations'][0]['toolExecutionNotifications'][0]['level']")" "error"
eq "SARIF: high is error" "$(jq_py "$TMP/all.sarif" "[r['level'] for r in d['runs'][0]['results'] if r['ruleId']=='graph.team-public'][0]")" "error"
eq "SARIF: logical location is the JSON pointer" \
  "$(jq_py "$TMP/all.sarif" "[r['locations'][0]['logicalLocations'][0]['fullyQualifiedName'] for r in d['runs'][0]['results'] if r['ruleId']=='graph.team-public'][0]")" "/value/0"
# The validator itself must catch a broken log, or the check above proves nothing.
python3 - "$TMP/all.sarif" "$TMP/broken.sarif" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["version"] = "2.0"                                   # not 2.1.0
d["runs"][0]["results"][0]["level"] = "critical"      # not a SARIF level
del d["runs"][0]["tool"]["driver"]["name"]            # required
json.dump(d, open(sys.argv[2], "w"))
EOF
fails "a broken SARIF log fails the validator" sarif_valid "$TMP/broken.sarif"
"$JIKENBO" check --sarif --lang ja "$FX/drive.form-anyone-edit.pos.json" >"$TMP/ja.sarif" 2>/dev/null
ok "Japanese SARIF validates" sarif_valid "$TMP/ja.sarif"
cp "$FX/graph.team-public.pos.json" "$TMP/グループ 一覧.json"
"$JIKENBO" check --sarif "$TMP/グループ 一覧.json" >"$TMP/uri.sarif" 2>/dev/null
has "SARIF: file names are percent-encoded URIs" "$(cat "$TMP/uri.sarif")" "%E4%B8%80%E8%A6%A7.json"
ok "SARIF with an encoded URI validates" sarif_valid "$TMP/uri.sarif"

# ---- casebook evidence after ingesting the seeds ------------------------------------------
DB="$TMP/seeds.db"
ok "ingest the seeds" "$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt
out=$("$JIKENBO" check --db "$DB" --lang en "$FX/graph.team-public.pos.json" 2>&1)
has "Teams rule: the summary line" "$out" "this setting was behind 1 incident exposing 111 people in your casebook"
has "Teams rule: lists 宇部市" "$out" "2023-294   2023-08-04 宇部市  111 people"
out=$("$JIKENBO" check --db "$DB" --lang en "$FX/drive.form-anyone-edit.pos.json" 2>&1)
# 2023-277's form was editable by anyone, but its notice says only
# 申し込みフォーム, never Google Forms: a similar cause, not "behind".
has "Forms edit rule: no incident claimed without Google Forms named" "$out" \
  "no incident in your casebook names this product and setting with a cause of this kind"
has "Forms edit rule: the editable form as a similar cause" "$out" "2023-277 愛媛県立医療技術大学"
has "Forms edit rule: Google Forms incidents of another setting as similar" "$out" "2023-427 京都精華大学"
has "Forms edit rule: similar 大阪市" "$out" "2023-473 大阪市コミュニティ協会"
has "Forms edit rule: the similar ones are said not to be behind" "$out" "similar cause:"
has "forms summary option: incidents counted" "$out" "it caused 6 incidents in your casebook"
"$JIKENBO" check --db "$DB" --json "$FX/firebase.open-read.pos.json" "$FX/az.container-public.pos.json" >"$TMP/ev.json" 2>/dev/null
# The NauNau notice says クラウドサービス and データベース, never Firebase.
eq "open database rule: nothing claimed behind it" \
  "$(jq_py "$TMP/ev.json" "[e['org'] for e in d['rules']['firebase.open-read']['casebook']['examples']]")" "[]"
eq "open database rule: the NauNau incident as a similar cause" \
  "$(jq_py "$TMP/ev.json" "[e['org'] for e in d['rules']['firebase.open-read']['casebook']['similar']['examples']]")" "['Suishow 株式会社']"
has "a similar cause is not said to be behind" \
  "$(jq_py "$TMP/ev.json" "d['rules']['firebase.open-read']['casebook']['similar']['summary']")" "not counted as behind this setting"
eq "public container rule: the Azure incident" \
  "$(jq_py "$TMP/ev.json" "sorted(e['incident'] for e in d['rules']['az.container-public']['casebook']['examples'])")" \
  "['2023-411']"
eq "public container rule: public folders elsewhere as similar" \
  "$(jq_py "$TMP/ev.json" "sorted(e['incident'] for e in d['rules']['az.container-public']['casebook']['similar']['examples'])")" \
  "['2023-452', '2023-476']"
eq "evidence: people add up, not-stated kept apart" \
  "$(jq_py "$TMP/ev.json" "all(c['people']==sum(e['affected'] or 0 for e in c['examples']) and c['not_stated']==sum(e['affected'] is None for e in c['examples']) for c in (r['casebook'] for r in d['rules'].values()))")" "True"
"$JIKENBO" check --db "$DB" --sarif "$FX/graph.team-public.pos.json" >"$TMP/ev.sarif" 2>/dev/null
ok "SARIF with casebook evidence validates" sarif_valid "$TMP/ev.sarif"
has "SARIF message carries the evidence" "$(cat "$TMP/ev.sarif")" "this setting was behind 1 incident exposing 111 people"
out=$("$JIKENBO" check --db "$DB" --lang en "$FX/az.tls-old.pos.json" 2>&1)
has "a rule with no incident of its kind says so" "$out" "no incident in your casebook names this product and setting"

# ---- "behind" only where the notice names the product: seeds and dev ---------------------
# Every incident listed behind a rule names that rule's product or
# service in its text (the vendor's words, as a reader would look for
# them); a NAS or server break-in is never behind a Firebase rule.
DB2="$TMP/seeds-dev.db"
ok "ingest the seeds and dev" "$JIKENBO" ingest --db "$DB2" "$JK_SHARED"/seeds/*.txt "$JK_SHARED"/dev/raw/*.txt
"$JIKENBO" check --db "$DB2" --json "$FX"/*.pos.* "$FX/firestore-test-mode.rules" >"$TMP/ev2.json" 2>/dev/null
"$JIKENBO" export --db "$DB2" --format jsonl >"$TMP/ev2.jsonl"
python3 - "$TMP/ev2.json" "$TMP/ev2.jsonl" >"$TMP/behind.out" 2>&1 <<'EOF'
import json, re, sys
rules = json.load(open(sys.argv[1]))["rules"]
text = {}
for line in open(sys.argv[2]):
    r = json.loads(line)
    text[r["incident"]] = text.get(r["incident"], "") + "\n" + (r.get("text") or "") + " ".join(r.get("products") or [])
names = {"firebase.": "Firebase|Firestore|Realtime Database", "az.": "Azure|Blob", "s3.": "S3|AWS",
         "graph.": "Teams|Microsoft 365|Office 365|SharePoint", "drive.": "Google"}
bad, behind, similar = [], 0, 0
for rid, r in rules.items():
    cb = r.get("casebook") or {}
    want = [v for k, v in names.items() if rid.startswith(k)][0]
    sim = (cb.get("similar") or {}).get("examples", [])
    for e in cb.get("examples", []):
        behind += 1
        if not re.search(want, text.get(e["incident"], ""), re.I):
            bad.append("%s behind %s without naming %s" % (e["incident"], rid, want))
        if e["incident"] in {x["incident"] for x in sim}:
            bad.append("%s both behind and similar for %s" % (e["incident"], rid))
    similar += len(sim)
    if rid.startswith("firebase."):
        for e in cb.get("examples", []) + sim:
            if re.search("NAS|ストレージにアクセスできない", text.get(e["incident"], "")):
                bad.append("%s (a break-in) listed under %s" % (e["incident"], rid))
print("behind %d, similar %d" % (behind, similar))
print("\n".join(bad))
sys.exit(1 if bad or not behind or not similar else 0)
EOF
[ $? -eq 0 ] && pass || failmsg "behind only where the product is named" "$(cat "$TMP/behind.out")"

# ---- lessons -----------------------------------------------------------------------------
out=$("$JIKENBO" lessons --db "$EMPTY" --lang en 2>&1)
has "lessons: empty casebook says so" "$out" "database empty: run jikenbo ingest"
"$JIKENBO" lessons --db "$DB" --json --all >"$TMP/l.json"
"$JIKENBO" lessons --db "$DB" --json >"$TMP/l8.json"
eq "lessons: the same numbers with the first 10 listed (--json)" \
  "$(python3 -c "
import json
a=json.load(open('$TMP/l.json')); b=json.load(open('$TMP/l8.json'))
strip=lambda d: [[(r['key'], r['count'], r['people']) for r in t['rows']] for t in d['tables']]
print(strip(a)==strip(b))")" "True"
eq "lessons: the first 10 listed, the first of --all, and a link to the rest" \
  "$(python3 -c "
import json
a=json.load(open('$TMP/l.json')); b=json.load(open('$TMP/l8.json'))
ok=True
for ta, tb in zip(a['tables'], b['tables']):
    for ra, rb in zip(ta['rows'], tb['rows']):
        ok &= rb['incidents'] == ra['incidents'][:10]
        ok &= (rb.get('more') is not None) == (rb['count'] > 10)
        ok &= rb.get('more') is None or ('offset=10' in rb['more'] and 'key=' in rb['more'])
print(ok)")" "True"
"$JIKENBO" stats --db "$DB" --json --by category >"$TMP/s.json"
eq "lessons: every incident counted once among causes" \
  "$(jq_py "$TMP/l.json" "sum(r['count'] for r in d['tables'][0]['rows'])==d['incidents']")" "True"
eq "lessons: causes agree with stats" \
  "$(python3 -c "
import json,sys
l=json.load(open('$TMP/l.json')); s=json.load(open('$TMP/s.json'))
a={r['key']:r['count'] for r in l['tables'][0]['rows']}
b={r['key']:r['count'] for r in s['rows']}
print(a==b and l['incidents']==s['total'])")" "True"
eq "lessons: each count is its incidents" \
  "$(jq_py "$TMP/l.json" "all(r['count']==len(r['incidents']) for t in d['tables'] for r in t['rows'])")" "True"
eq "lessons: the Google Forms summary option behind its notices" \
  "$(jq_py "$TMP/l.json" "sorted([r for t in d['tables'] if t['name']=='settings' for r in t['rows'] if r['key']=='forms.summary-visible'][0]['incidents'])")" \
  "['2023-279', '2023-427', '2023-431', '2023-438', '2023-471', '2023-473']"
eq "lessons: double checks are the most promised measure" \
  "$(jq_py "$TMP/l.json" "[t for t in d['tables'] if t['name']=='measures'][0]['rows'][0]['key']")" "double_check"
eq "lessons: discovery by a customer's call includes the Teams case" \
  "$(jq_py "$TMP/l.json" "'2023-294' in [r for t in d['tables'] if t['name']=='discovery' for r in t['rows'] if r['key']=='customer'][0]['incidents']")" "True"
"$JIKENBO" lessons --db "$DB" --json --category misconfiguration >"$TMP/lm.json"
eq "lessons --category: only that cause" \
  "$(jq_py "$TMP/lm.json" "[r['key'] for r in d['tables'][0]['rows']]")" "['misconfiguration']"
eq "lessons --category: count agrees with stats" \
  "$(jq_py "$TMP/lm.json" "d['incidents']")" "$(jq_py "$TMP/s.json" "[r['count'] for r in d['rows'] if r['key']=='misconfiguration'][0]")"
"$JIKENBO" lessons --db "$DB" --json --product Teams >"$TMP/lp.json"
eq "lessons --product Teams" "$(jq_py "$TMP/lp.json" "sorted(d['tables'][0]['rows'][0]['incidents'])")" "['2023-294', '2023-411']"
out=$("$JIKENBO" lessons --db "$DB" --lang en)
has "lessons table: discovery" "$out" "How the exposure was discovered"
has "lessons table: measures" "$out" "double checks (two or more people)"
has "lessons table: median exposure" "$out" "median"
fails "lessons: unknown category is a usage error" "$JIKENBO" lessons --db "$DB" --category nonsense

# ---- 100,000 Drive files -------------------------------------------------------------------
python3 "$FX/gen-drive-export" 100000 >"$TMP/drive.json" 2>"$TMP/drive.counts"
start=$(date +%s)
"$JIKENBO" check --no-casebook --json "$TMP/drive.json" >"$TMP/drive.out"
eq "100k Drive export: checked" "$?" "0"
secs=$(($(date +%s) - start))
echo "100,000-file Drive export checked in ~${secs}s (bench/check_drive.sh measures it)"
eq "100k: every file examined" "$(jq_py "$TMP/drive.out" "d['files'][0]['objects']")" "100000"
eq "100k: findings as generated" \
  "$(jq_py "$TMP/drive.out" "(d['summary']['high'], d['summary']['medium'])")" \
  "$(python3 -c "import json; c=json.load(open('$TMP/drive.counts')); print((c['writer']+c['form_writer']+c['public'], c['reader']))")"

finish
