#!/usr/bin/env bash
# taxii.sh — `jikenbo serve`'s TAXII 2.1 server: every resource (discovery,
# api-root, collections, collection, envelope, manifest, versions, status,
# error) checked field by field against the specification's resource
# tables (tests/taxii_check.py: required properties, types, media types,
# status codes), the collection equal to the STIX export object for
# object; a correction re-adds exactly its incident's objects after
# everything read before; and 10,000+ objects paged by next and by
# added_after with several page sizes, without a gap or a duplicate.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
CHECK=tests/taxii_check.py
BUILD=${BUILD:-build}

SRV=
stop_server() { if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=; fi; }
trap 'stop_server; rm -rf "$TMP"' EXIT

# start_server DB NAME: sets BASE (http://127.0.0.1:PORT) and SRV.
start_server() {
  "$JIKENBO" serve --db "$1" --listen 127.0.0.1:0 >"$TMP/$2.out" 2>"$TMP/$2.log" &
  SRV=$!
  BASE=
  for _ in $(seq 1 100); do
    BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/$2.out" 2>/dev/null | head -n 1)
    [ -n "$BASE" ] && break
    kill -0 "$SRV" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$BASE" ] || { echo "server did not start:"; cat "$TMP/$2.log"; }
}

ok "the checker fails broken resources" python3 "$CHECK" selftest -

# ---- the seeds: every resource, every error ----------------------------------
DB=$TMP/seeds.db
ok "ingest the seeds" "$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt
ok "export stix" "$JIKENBO" export --db "$DB" --format stix -o "$TMP/seeds.stix.json"
start_server "$DB" seeds
ok "resources against the TAXII 2.1 tables" python3 "$CHECK" resources "$BASE" "$TMP/seeds.stix.json"
sed 's/^/    /' "$TMP/.out" | tail -n 3

# the headers every response of this server carries, on TAXII answers too
curl -s -D "$TMP/h" -o /dev/null "$BASE/taxii2/"
has "TAXII answers carry the CSP" "$(cat "$TMP/h")" "Content-Security-Policy: default-src 'self'"
has "TAXII answers carry nosniff" "$(cat "$TMP/h")" "X-Content-Type-Options: nosniff"
# HEAD: the headers of GET, no body
eq "HEAD objects: 200" "$(curl -s -I -o "$TMP/h" -w '%{http_code}' "$BASE/taxii2/jikenbo/collections/casebook/objects/?limit=2")" 200
has "HEAD objects: date headers" "$(cat "$TMP/h")" "X-TAXII-Date-Added-First:"
# a Host header that is not a host name is not echoed into discovery
curl -s -H 'Host: evil"><script>' "$BASE/taxii2/" >"$TMP/disc"
hasnt "a hostile Host is not echoed" "$(cat "$TMP/disc")" "evil"
has "a hostile Host falls back to localhost" "$(cat "$TMP/disc")" '"default":"http://localhost/taxii2/jikenbo/"'
# a long, binary or invalid query is a TAXII error, not a crash
eq "invalid UTF-8 in a filter: 400" \
  "$(curl -s -o "$TMP/b" -w '%{http_code}' "$BASE/taxii2/jikenbo/collections/casebook/objects/?match%5Btype%5D=%ff%fe")" 400
eq "NUL in a filter: 400" \
  "$(curl -s -o "$TMP/b" -w '%{http_code}' "$BASE/taxii2/jikenbo/collections/casebook/objects/?match%5Bid%5D=%00")" 400
LONG=$(printf 'incident,%.0s' $(seq 1 70))
eq "65 types in match[type]: 400" \
  "$(curl -s -o "$TMP/b" -w '%{http_code}' "$BASE/taxii2/jikenbo/collections/casebook/objects/?match%5Btype%5D=${LONG}incident")" 400
has "…saying at most 64" "$(cat "$TMP/b")" "at most 64"

# ---- a correction: its incident's objects come back after all the rest --------
python3 "$CHECK" last "$BASE" >"$TMP/since"
ok "a date to page from" test -s "$TMP/since"
INC=$("$JIKENBO" search --db "$DB" --json 誤送信 | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["incident"])' 2>/dev/null)
[ -n "$INC" ] || INC=$("$JIKENBO" export --db "$DB" --format jsonl | head -n 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["incident"])')
ok "correct an incident while the server runs" "$JIKENBO" set --db "$DB" "$INC" affected 4321 --note "taxii test"
ok "export stix again" "$JIKENBO" export --db "$DB" --format stix -o "$TMP/seeds2.stix.json"
IDS=$(python3 - "$TMP/seeds2.stix.json" "$INC" <<'EOF'
import json, sys
objs = json.load(open(sys.argv[1]))["objects"]
inc = [o for o in objs if o["type"] == "incident"
       and any(r.get("external_id") == sys.argv[2] for r in o.get("external_references", []))][0]
ids = [inc["id"]] + [o["id"] for o in objs if o["type"] == "report" and inc["id"] in o.get("object_refs", [])]
print(",".join(ids))
EOF
)
has "the corrected incident has objects" "$IDS" "incident--"
ok "added after the last date: exactly the corrected incident and its reports" \
  python3 "$CHECK" after "$BASE" "$TMP/since" "$IDS"
sed 's/^/    /' "$TMP/.out" | tail -n 2
ok "…and the collection is the new export" python3 "$CHECK" resources "$BASE" "$TMP/seeds2.stix.json"
curl -s "$BASE/taxii2/jikenbo/collections/casebook/objects/${IDS%%,*}/" >"$TMP/one"
has "the re-added incident says the corrected count" "$(cat "$TMP/one")" "People affected: 4321"
stop_server

# ---- 10,000+ objects: paging without a gap or a duplicate ---------------------
GEN=$BUILD/bench/gen_corpus
ok "gen_corpus is built" test -x "$GEN"
"$GEN" --notices 4400 --out "$TMP/gen" --quiet
BIG=$TMP/big.db
ok "ingest 4,400 generated notices" "$JIKENBO" ingest --db "$BIG" "$TMP"/gen/*.txt
ok "export stix (big)" "$JIKENBO" export --db "$BIG" --format stix -o "$TMP/big.stix.json"
start_server "$BIG" big
ok "page 10,000+ objects by next and by added_after" python3 "$CHECK" paging "$BASE" "$TMP/big.stix.json"
sed 's/^/    /' "$TMP/.out" | tail -n 6
has "the refresh is logged" "$(cat "$TMP/big.log")" "objects (re-)added, 0 removed"
stop_server

finish
