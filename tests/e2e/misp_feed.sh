#!/usr/bin/env bash
# misp_feed.sh — `jikenbo export --format misp-feed -o DIR` and the
# server's /misp-feed/: a feed of the seeds whose every event validates
# against the MISP core format schemas (../shared/schemas, through
# tests/validate_exports.py) and whose manifest lists every event (and
# nothing else), hashes.csv as MISP reads it; a re-run touches nothing, a
# correction rewrites exactly its event, events no longer exported are
# removed and no other file is; the server sends the same bytes.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
V=tests/validate_exports.py
PY=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
  failmsg "python3 with jsonschema" "not found: run scripts/install-deps (python3-jsonschema)"
  finish
fi

SRV=
stop_server() { if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=; fi; }
trap 'stop_server; rm -rf "$TMP"' EXIT

DB=$TMP/seeds.db
F=$TMP/feed
ok "ingest the seeds" "$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt
NINC=$("$JIKENBO" export --db "$DB" --format misp | grep -c .)
ok "export misp-feed (DIR created)" "$JIKENBO" export --db "$DB" --format misp-feed -o "$F"
has "says what it wrote" "$(cat "$TMP/.out")" "$NINC events in $F ($NINC new, 0 updated, 0 unchanged, 0 removed)"
ok "manifest.json" test -s "$F/manifest.json"
ok "hashes.csv" test -s "$F/hashes.csv"
events() { ls "$F" | grep -E '^[0-9a-f-]{36}\.json$'; }
eq "one event file per incident" "$(events | wc -l | tr -d ' ')" "$NINC"
ok "every event validates (MISP 2.4 and 2.5, tags in the VERIS taxonomy)" \
  "$PY" "$V" "$JK_SHARED" misp $(events | sed "s#^#$F/#")
sed 's/^/    /' "$TMP/.out" | tail -n 1
ok "a broken feed event fails validation" "$PY" "$V" "$JK_SHARED" broken "$F/$(events | head -n 1)" misp

# the manifest: every event, nothing else, each entry as its event says
manifest_ok() {
  python3 - "$F" <<'EOF'
import csv, glob, hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
files = {os.path.basename(p)[:-5] for p in glob.glob(os.path.join(d, "*.json")) if len(os.path.basename(p)) == 41}
bad = []
if set(m) != files:
    bad.append("manifest %d entries, %d event files; not listed: %s; listed without a file: %s"
               % (len(m), len(files), sorted(files - set(m))[:3], sorted(set(m) - files)[:3]))
hashes = set()
for row in csv.reader(open(os.path.join(d, "hashes.csv"), encoding="utf-8")):
    if len(row) != 2 or len(row[0]) != 32 or row[1] not in m:
        bad.append("hashes.csv: bad line %r" % row)
    hashes.add((row[0], row[1]))
for u, e in m.items():
    ev = json.load(open(os.path.join(d, u + ".json"), encoding="utf-8"))["Event"]
    if ev["uuid"] != u:
        bad.append("%s.json holds event %s" % (u, ev["uuid"]))
    for k in ("info", "date", "analysis", "threat_level_id", "timestamp", "Orgc", "Tag"):
        if e.get(k) != ev.get(k):
            bad.append("manifest %s: %s %r, the event says %r" % (u, k, e.get(k), ev.get(k)))
    for a in ev.get("Attribute", []):
        h = hashlib.md5(a["value"].encode("utf-8")).hexdigest()
        if (h, u) not in hashes:
            bad.append("hashes.csv lacks %s of %s (%s)" % (h, u, a["type"]))
for b in bad[:20]:
    print(b)
print("manifest: %d events, %d hashes, %d problems" % (len(m), len(hashes), len(bad)))
sys.exit(1 if bad else 0)
EOF
}
ok "the manifest lists every event, as the events say; hashes.csv has every value" manifest_ok
sed 's/^/    /' "$TMP/.out" | tail -n 1

# ---- re-running: only what changed ----------------------------------------------
stamp() { (cd "$F" && stat -c '%n %i %Y' * | sort); }
stamp >"$TMP/s0"
sleep 1.1
ok "export again" "$JIKENBO" export --db "$DB" --format misp-feed -o "$F"
has "…nothing changed" "$(cat "$TMP/.out")" "(0 new, 0 updated, $NINC unchanged, 0 removed)"
stamp >"$TMP/s1"
eq "no file touched (same inode, same mtime)" "$(diff "$TMP/s0" "$TMP/s1" | wc -l | tr -d ' ')" 0

INC=$("$JIKENBO" export --db "$DB" --format jsonl | head -n 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["incident"])')
UUID=$(python3 -c 'import json,sys
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)["Event"]
    if any(a["value"] == sys.argv[2] and a.get("comment") == "jikenbo incident" for a in e["Attribute"]):
        print(e["uuid"])' <("$JIKENBO" export --db "$DB" --format misp) "$INC")
has "the incident's event uuid" "$UUID" "-"
ok "correct one incident" "$JIKENBO" set --db "$DB" "$INC" affected 777 --note "feed test"
ok "export after the correction" "$JIKENBO" export --db "$DB" --format misp-feed -o "$F"
has "…one event updated" "$(cat "$TMP/.out")" "(0 new, 1 updated, $((NINC - 1)) unchanged, 0 removed)"
stamp >"$TMP/s2"
# the changed files: that event, hashes.csv (the counter's value) and the
# manifest (the event's timestamp follows the correction)
eq "only that event, hashes.csv and the manifest rewritten" \
  "$(diff "$TMP/s1" "$TMP/s2" | grep '^>' | cut -d' ' -f2 | sort | tr '\n' ' ')" \
  "$(printf '%s\n' "$UUID.json" hashes.csv manifest.json | sort | tr '\n' ' ')"
has "the event says the corrected count" "$(cat "$F/$UUID.json")" '"value":"777"'
ok "still valid after the update" "$PY" "$V" "$JK_SHARED" misp "$F/$UUID.json"
ok "the manifest still matches" manifest_ok

# ---- events no longer exported are removed; nothing else is ---------------------
echo "mine" >"$F/notes.txt"
FOREIGN=00000000-0000-4000-8000-000000000000.json
echo '{}' >"$F/$FOREIGN"
ok "export one category only" "$JIKENBO" export --db "$DB" --format misp-feed -o "$F" --category misdelivery
NMIS=$("$JIKENBO" export --db "$DB" --format misp --category misdelivery | grep -c .)
has "…the others removed" "$(cat "$TMP/.out")" "$NMIS events in $F (0 new, 0 updated, $NMIS unchanged, $((NINC - NMIS)) removed)"
ok "a file of our own is kept" test -f "$F/notes.txt"
ok "a .json the manifest never listed is kept" test -f "$F/$FOREIGN"
rm -f "$F/notes.txt" "$F/$FOREIGN"
ok "manifest of the subset matches its files" manifest_ok
ok "export all again" "$JIKENBO" export --db "$DB" --format misp-feed -o "$F"
has "…the others back" "$(cat "$TMP/.out")" "($((NINC - NMIS)) new, 0 updated, $NMIS unchanged, 0 removed)"

# ---- bad usage -----------------------------------------------------------------
"$JIKENBO" export --db "$DB" --format misp-feed >"$TMP/o" 2>&1
eq "misp-feed to stdout: exit 2" "$?" 2
has "…saying -o DIR" "$(cat "$TMP/o")" "give -o DIR"
: >"$TMP/afile"
"$JIKENBO" export --db "$DB" --format misp-feed -o "$TMP/afile" >"$TMP/o" 2>&1
eq "misp-feed onto a file: exit 2" "$?" 2
has "…saying it is not a directory" "$(cat "$TMP/o")" "is not a directory"
"$JIKENBO" export --db "$DB" --format misp-feed -o "$TMP/no/such/dir" >"$TMP/o" 2>&1
eq "misp-feed into a missing parent: exit 1" "$?" 1
has "…saying why" "$(cat "$TMP/o")" "cannot create"
printf 'not json' >"$F/manifest.json"
ok "a damaged manifest is replaced" "$JIKENBO" export --db "$DB" --format misp-feed -o "$F"
has "…with a warning" "$(cat "$TMP/.out")" "is not a feed manifest"
ok "…and the feed is whole again" manifest_ok
"$JIKENBO" export --help >"$TMP/o"
has "export --help names misp-feed" "$(cat "$TMP/o")" "misp-feed"

# ---- the server publishes the same at /misp-feed/ -----------------------------------
"$JIKENBO" serve --db "$DB" --listen 127.0.0.1:0 >"$TMP/srv.out" 2>"$TMP/srv.log" &
SRV=$!
URL=
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/srv.out" 2>/dev/null | head -n 1)
  [ -n "$URL" ] && break
  sleep 0.1
done
has "server started" "$URL" "http://"
curl -s "$URL/misp-feed/manifest.json" >"$TMP/m.json"
ok "GET /misp-feed/manifest.json: the file's bytes" cmp "$TMP/m.json" "$F/manifest.json"
curl -s "$URL/misp-feed/hashes.csv" >"$TMP/h.csv"
ok "GET /misp-feed/hashes.csv: the file's bytes" cmp "$TMP/h.csv" "$F/hashes.csv"
same=0
for e in $(events); do
  curl -s "$URL/misp-feed/$e" >"$TMP/e.json"
  cmp -s "$TMP/e.json" "$F/$e" && same=$((same + 1))
done
eq "GET /misp-feed/<uuid>.json: every event, the file's bytes" "$same" "$NINC"
code() { curl -s --path-as-is -o "$TMP/b" -w '%{http_code}' "$@"; }
eq "/misp-feed/: 200" "$(code "$URL/misp-feed/")" 200
eq "unknown uuid: 404" "$(code "$URL/misp-feed/00000000-0000-4000-8000-000000000000.json")" 404
eq "upper-case uuid: 404" "$(code "$URL/misp-feed/$(echo "$UUID" | tr a-f A-F).json")" 404
eq "traversal: 404 (only feed names are served)" "$(code "$URL/misp-feed/../etc/passwd")" 404
eq "encoded traversal: 404" "$(code "$URL/misp-feed/%2e%2e/%2e%2e/etc/passwd")" 404
eq "other name: 404" "$(code "$URL/misp-feed/index.html")" 404
eq "a query: 400" "$(code "$URL/misp-feed/manifest.json?x=1")" 400
eq "POST: 405" "$(code -X POST --data x "$URL/misp-feed/manifest.json")" 405
eq "content type of the manifest" "$(curl -s -o /dev/null -w '%{content_type}' "$URL/misp-feed/manifest.json")" "application/json; charset=utf-8"
# a write through another process shows at the next pull
ok "correct again" "$JIKENBO" set --db "$DB" "$INC" affected 778 --note "feed test"
has "the served event follows the database" "$(curl -s "$URL/misp-feed/$UUID.json")" '"value":"778"'
has "…and so do the hashes" "$(curl -s "$URL/misp-feed/hashes.csv")" \
  "$(printf '%s' 778 | md5sum | cut -c1-32),$UUID"
stop_server

finish
