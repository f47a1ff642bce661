# share.sh — STIX 2.1, MISP and VERIS exports of the seed corpus checked
# against the official schemas in $JK_SHARED/schemas (python3-jsonschema,
# tests/validate_exports.py, no network); the official examples validate
# and the known-invalid ones fail, and deliberately broken exports fail,
# so a broken validator set-up cannot pass silently; byte-identical
# re-exports; stix and misp round trips through a fresh database;
# hostile imports fail with the JSON path and leave the database as it was.
source "$(dirname "$0")/../lib.sh"

HERE=$(cd "$(dirname "$0")/.." && pwd)
V="$HERE/validate_exports.py"
# Debian's python3 with python3-jsonschema (scripts/install-deps) first.
PY=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
  failmsg "python3 with jsonschema" "not found: run scripts/install-deps (python3-jsonschema)"
  finish
fi
val() { "$PY" "$V" "$JK_SHARED" "$@"; }

db="$TMP/a.db"
"$JIKENBO" ingest --db "$db" "$JK_SHARED"/seeds/*.txt >"$TMP/ingest.out" 2>&1
ok "seeds ingested" test -s "$db"

# ---- the validator itself --------------------------------------------------
ok "official examples validate, known-invalid ones fail as SOURCE.md says" val examples

# ---- exports validate --------------------------------------------------------
ok "export stix" "$JIKENBO" export --db "$db" --format stix -o "$TMP/a.stix.json"
ok "export misp (JSON Lines)" sh -c '"$1" export --db "$2" --format misp >"$3"' _ "$JIKENBO" "$db" "$TMP/a.misp.jsonl"
mkdir -p "$TMP/misp" "$TMP/veris"
ok "export misp -o DIR" "$JIKENBO" export --db "$db" --format misp -o "$TMP/misp"
ok "export veris -o DIR" "$JIKENBO" export --db "$db" --format veris -o "$TMP/veris"
ok "export veris (JSON Lines)" sh -c '"$1" export --db "$2" --format veris >"$3"' _ "$JIKENBO" "$db" "$TMP/a.veris.jsonl"

n=$(grep -c . "$TMP/a.misp.jsonl")
eq "one MISP event per incident" "$(ls "$TMP/misp" | wc -l | tr -d ' ')" "$n"
eq "one VERIS file per incident" "$(ls "$TMP/veris" | wc -l | tr -d ' ')" "$n"
ok "stix bundle validates (object by object, Incident Core Extension, refs)" val stix "$TMP/a.stix.json"
ok "misp events validate (2.4 and 2.5, tags in the VERIS taxonomy)" val misp "$TMP/misp"
ok "misp JSON Lines validate" val misp "$TMP/a.misp.jsonl"
ok "veris files validate (verisc-merged.json)" val veris "$TMP/veris"
ok "veris JSON Lines validate" val veris "$TMP/a.veris.jsonl"

# ---- the validator really checks -------------------------------------------
ok "broken stix fails validation" val broken "$TMP/a.stix.json" stix
ok "broken misp fails validation" val broken "$(ls "$TMP"/misp/*.json | head -n 1)" misp
ok "broken veris fails validation" val broken "$(ls "$TMP"/veris/*.json | head -n 1)" veris

# ---- what the exports say ---------------------------------------------------
stix=$(cat "$TMP/a.stix.json")
has "stix: Incident Core Extension" "$stix" '"extension-definition--ef765651-680c-498d-9894-99799f2fa126":{"extension_type":"property-extension"'
has "stix: record_count" "$stix" '"record_count":'
has "stix: sectors" "$stix" '"sectors":["government-local"]'
has "stix: cause as VERIS tag" "$stix" 'veris:action:error:variety=\"Misdelivery\"'
veris=$(cat "$TMP/a.veris.jsonl")
has "veris: municipality is public administration" "$veris" '"industry":"921","government":["Local"]'
has "veris: university is education" "$veris" '"industry":"611"'
has "veris: hospital is healthcare" "$veris" '"industry":"622"'
has "veris: bank is finance" "$veris" '"industry":"522"'
has "veris: country JP" "$veris" '"country":["JP"]'
has "misp: notice text attached" "$(cat "$TMP/a.misp.jsonl")" '"type":"attachment","category":"External analysis"'

# ---- byte-identical re-exports ----------------------------------------------
"$JIKENBO" export --db "$db" --format stix -o "$TMP/a2.stix.json" 2>/dev/null
ok "stix re-export is byte-identical" cmp "$TMP/a.stix.json" "$TMP/a2.stix.json"
"$JIKENBO" export --db "$db" --format misp >"$TMP/a2.misp.jsonl"
ok "misp re-export is byte-identical" cmp "$TMP/a.misp.jsonl" "$TMP/a2.misp.jsonl"
"$JIKENBO" export --db "$db" --format veris >"$TMP/a2.veris.jsonl"
ok "veris re-export is byte-identical" cmp "$TMP/a.veris.jsonl" "$TMP/a2.veris.jsonl"

# ---- round trips --------------------------------------------------------------
notices=$("$JIKENBO" export --db "$db" --format jsonl | grep -c .)
ok "import stix into a fresh database" "$JIKENBO" import --db "$TMP/b.db" --format stix "$TMP/a.stix.json"
has "import says what it stored" "$(cat "$TMP/.out")" "$notices notices: $notices added, 0 already stored"
ok "import stix again" "$JIKENBO" import --db "$TMP/b.db" --format stix "$TMP/a.stix.json"
has "re-import adds nothing" "$(cat "$TMP/.out")" "0 added, $notices already stored"
"$JIKENBO" export --db "$TMP/b.db" --format stix -o "$TMP/b.stix.json" 2>/dev/null
ok "stix round trip: the same bundle (ids, orgs, causes, counts)" cmp "$TMP/a.stix.json" "$TMP/b.stix.json"
ok "import misp into a fresh database" "$JIKENBO" import --db "$TMP/c.db" --format misp "$TMP/a.misp.jsonl"
"$JIKENBO" export --db "$TMP/c.db" --format misp >"$TMP/c.misp.jsonl"
ok "misp round trip: the same events" cmp "$TMP/a.misp.jsonl" "$TMP/c.misp.jsonl"
# One file per incident: the same incidents; undated ones may come in
# another order (a database lists them in the order it stored them).
ok "import misp files of a directory export" "$JIKENBO" import --db "$TMP/d.db" --format misp "$TMP"/misp/*.json
"$JIKENBO" export --db "$TMP/d.db" --format veris | sort >"$TMP/d.veris.jsonl"
sort "$TMP/a.veris.jsonl" >"$TMP/a.veris.sorted"
ok "misp files -> veris: the same incidents" cmp "$TMP/a.veris.sorted" "$TMP/d.veris.jsonl"

# ---- usage -----------------------------------------------------------------------
fails "stix to a directory is a usage error" "$JIKENBO" export --db "$db" --format stix -o "$TMP/veris"
fails "veris cannot be imported" "$JIKENBO" import --db "$db" --format veris "$TMP/a.veris.jsonl"
has "help names the formats" "$("$JIKENBO" export --help)" "veris"

# ---- hostile imports: a clear error with the JSON path, exit 1, nothing stored ----
"$JIKENBO" export --db "$TMP/b.db" --format jsonl >"$TMP/before.jsonl"
hostile() { # NAME FORMAT FILE NEEDLE
  "$JIKENBO" import --db "$TMP/b.db" --format "$2" "$3" >"$TMP/h.out" 2>&1
  eq "$1: exit 1" "$?" "1"
  has "$1: says where" "$(cat "$TMP/h.out")" "$4"
}
printf '{"type":"bundle","objects":[{"type":"incident",}]}' >"$TMP/malformed.json"
hostile "malformed" stix "$TMP/malformed.json" "line 1, column"
head -c 5000 "$TMP/a.stix.json" >"$TMP/truncated.json"
hostile "truncated" stix "$TMP/truncated.json" "truncated"
head -c 100000 /dev/zero | tr '\0' '[' >"$TMP/deep.json"
hostile "deep nesting" stix "$TMP/deep.json" "nested deeper than 64 levels"
hostile "deep nesting (misp)" misp "$TMP/deep.json" "nested deeper than 64 levels"
"$PY" -c 'import sys; sys.stdout.write("{\"Event\":{\"info\":\"x\",\"Attribute\":[{\"type\":\"target-org\",\"value\":\"" + "A"*3000000 + "\"}]}}")' >"$TMP/huge.json"
hostile "huge string" misp "$TMP/huge.json" "Event.Attribute[0].value: an organisation name of 3000000 bytes"
sed 's/"record_count":\([0-9]*\)/"record_count":"\1"/' "$TMP/a.stix.json" >"$TMP/wrongtype.json"
hostile "wrong type" stix "$TMP/wrongtype.json" "extensions.extension-definition--ef765651-680c-498d-9894-99799f2fa126.confidentiality_impacts[0].record_count: expected an integer, got a string"
printf '{"Event":{"info":7}}' >"$TMP/wrongtype2.json"
hostile "wrong type (misp)" misp "$TMP/wrongtype2.json" "Event.info: expected a string, got a number"
{ head -n 1 "$TMP/a.misp.jsonl"; printf '{"Event":{"info":"x","Attribute":[{"type":"counter","value":"many","comment":"people affected"}]}}\n'; } >"$TMP/half.jsonl"
hostile "bad second event" misp "$TMP/half.jsonl" "document 2 (line 2): Event.Attribute[0].value"
"$JIKENBO" export --db "$TMP/b.db" --format jsonl >"$TMP/after.jsonl"
ok "hostile imports stored nothing" cmp "$TMP/before.jsonl" "$TMP/after.jsonl"

# The XSS polyglot as an organisation's name is stored and exported as text.
POLY=$(polyglot)
POLY_JSON=$(printf '%s' "$POLY" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read(), ensure_ascii=False))')
printf '{"Event":{"info":"polyglot","Attribute":[{"type":"target-org","category":"Targeting data","value":%s}]}}\n' "$POLY_JSON" >"$TMP/xss.json"
ok "polyglot organisation imports" "$JIKENBO" import --db "$TMP/x.db" --format misp "$TMP/xss.json"
out=$("$JIKENBO" export --db "$TMP/x.db" --format veris)
has "polyglot kept as text" "$out" "\"victim_id\":$POLY_JSON"
printf '%s\n' "$out" >"$TMP/x.veris.jsonl"
ok "polyglot export validates" val veris "$TMP/x.veris.jsonl"
finish
