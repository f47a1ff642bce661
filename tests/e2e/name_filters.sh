#!/usr/bin/env bash
# name_filters.sh — the organisation and product filters find what the
# counts say is there.  On a generated casebook (bench/gen_corpus, 300
# notices): for every product `stats --by product` counts, the product
# filter of /api/incidents, /api/lessons, /api/stats?by=category and the
# CLI's `search --product` find at least that many incidents, and all four
# the same number; the same for the busiest organisations and the org
# filter; a word of a product, its lower case and its full-width form find
# it too.  (The summary test compares the summary with a recount under the
# same filter, so a filter that finds nothing passed it: this one does not.)
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
GEN=$PWD/$BUILD/bench/gen_corpus
SRV=
stop_server() { if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=; fi; }
trap 'stop_server; rm -rf "$TMP"' EXIT
if [ ! -x "$GEN" ]; then
  failmsg "gen_corpus is built" "$GEN missing (make BUILD=$BUILD $BUILD/bench/gen_corpus)"
  finish
fi
DB=$TMP/n.db
ok "gen_corpus writes 300 notices" "$GEN" --notices 300 --seed 5 --out "$TMP/c" --quiet
ok "ingest them" "$JIKENBO" ingest --db "$DB" "$TMP"/c/gen-*.txt

"$JIKENBO" serve --db "$DB" --listen 127.0.0.1:0 --no-cache >"$TMP/srv.out" 2>"$TMP/srv.log" &
SRV=$!
URL=
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/srv.out" 2>/dev/null | head -n 1)
  [ -n "$URL" ] && break
  kill -0 "$SRV" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$URL" ]; then
  failmsg "server starts" "$(cat "$TMP/srv.log")"
  finish
fi

# Prints one line per check: "ok NAME" or "FAIL NAME: why".
python3 - "$URL" "$JIKENBO" "$DB" >"$TMP/checks" 2>&1 <<'PY'
import json, subprocess, sys, unicodedata, urllib.parse, urllib.request
base, jikenbo, db = sys.argv[1], sys.argv[2], sys.argv[3]

def get(path):
    with urllib.request.urlopen(base + "api/" + path, timeout=30) as r:
        return json.load(r)

def cli_total(opt, v):
    out = subprocess.run([jikenbo, "search", "--db", db, "--json", "--limit", "1", opt, v],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False).stdout
    try:
        return json.loads(out)["total"]
    except Exception:
        return "unreadable: " + out[:200].decode("utf-8", "replace")

def check(name, cond, why=""):
    print(("ok " if cond else "FAIL ") + name + ("" if cond else ": " + why))

def totals(kind, v):
    q = urllib.parse.quote(v)
    t = {"incidents": get("incidents?limit=1&%s=%s" % (kind, q))["total"],
         "stats": get("stats?by=category&%s=%s" % (kind, q))["total"],
         "cli": cli_total("--" + kind, v)}
    if kind == "product":
        t["lessons"] = get("lessons?product=" + q)["incidents"]
    return t

def same(name, want_at_least, t):
    vals = set(t.values())
    check(name + ": every route the same number", len(vals) == 1, repr(t))
    n = min((x for x in t.values() if isinstance(x, int)), default=0)
    check(name + ": at least the %d counted" % want_at_least, n >= want_at_least > 0, repr(t))

products = get("stats?by=product")["rows"]
check("stats counts products", len(products) >= 3, repr(products))
for r in products:
    same("product %s" % r["key"], r["count"], totals("product", r["key"]))
# Case, full width and a word of the name find the same incidents.
for r in products:
    k = r["key"]
    whole = totals("product", k)["incidents"]
    if k.isascii() and k.upper() == k and k.lower() != k:
        check("product %s in lower case" % k, totals("product", k.lower())["incidents"] == whole)
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in k)
    if wide != k and unicodedata.normalize("NFKC", wide) == k:
        check("product %s in full width" % k, totals("product", wide)["incidents"] == whole)
    words = k.split()
    if len(words) > 1:
        check("product %s by its word %s" % (k, words[-1]),
              totals("product", words[-1])["incidents"] >= whole)

orgs = get("stats?by=org")["rows"]
check("stats counts organisations", len(orgs) >= 3, repr(orgs[:3]))
for r in orgs[:5]:
    if r["key"] in ("", None):
        continue
    same("org %s" % r["key"], r["count"], totals("org", r["key"]))
PY
rc=$?
while IFS= read -r line; do
  case $line in
    "ok "*) pass ;;
    "FAIL "*) failmsg "${line#FAIL }" ;;
    *) echo "$line" ;;
  esac
done <"$TMP/checks"
eq "the checks ran to the end" "$rc" 0
stop_server
finish
