#!/usr/bin/env bash
# serve_http.sh — `jikenbo serve` over HTTP with curl, on a free loopback
# port, over a database ingested from the shared seeds: every endpoint
# (and docs/openapi.yaml against the server), bad parameters (400),
# unknown paths (404), methods (405), oversized targets (414) and bodies
# (413), the API token (401 without a hint; the token never logged),
# path traversal in every spelling (nothing outside web/ served), the
# security headers, JSON validity, and a clean stop on SIGTERM.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."

SRV=
stop_server() { if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=; fi; }
trap 'stop_server; rm -rf "$TMP"' EXIT

# start_server NAME ARGS… : sets URL (http://127.0.0.1:PORT/) and SRV.
start_server() {
  local name=$1; shift
  "$JIKENBO" serve --db "$DB" --listen 127.0.0.1:0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.log" &
  SRV=$!
  URL=
  for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/$name.out" 2>/dev/null | head -n 1)
    [ -n "$URL" ] && break
    kill -0 "$SRV" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$URL" ] || { echo "server did not start:"; cat "$TMP/$name.log"; }
}

# code URLPATH [curl args…] : the status code only.
code() { local p=$1; shift; curl -s --path-as-is -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' "$@" "${URL%/}$p"; }
json_ok() { python3 -m json.tool "$1" >/dev/null 2>&1; }
jsonl_ok() { python3 -c 'import json,sys
n=0
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line); n+=1
sys.exit(0 if n else 1)' "$1"; }
header() { grep -i "^$1:" "$TMP/headers" | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ //'; }

DB=$TMP/casebook.db
ok "ingest the seeds" "$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt
ok "a correction to list" "$JIKENBO" set --db "$DB" 2023-107 affected 5,950,000 --who tester --note "<script>x</script>"
TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$TOKEN" >"$TMP/token"
start_server rw --token-file "$TMP/token"
has "says where it listens" "$(cat "$TMP/rw.out")" "jikenbo: serving $DB on http://127.0.0.1:"
has "says writes are on" "$(cat "$TMP/rw.out")" "writes allowed with the API token"

# --- the security headers, on successes and errors alike --------------------
check_headers() { # NAME WANT_CTYPE
  local csp
  csp=$(header Content-Security-Policy)
  has "$1: CSP forbids inline script" "$csp" "script-src 'self'"
  hasnt "$1: CSP has no unsafe-inline" "$csp" "unsafe-inline"
  has "$1: CSP default-src self" "$csp" "default-src 'self'"
  has "$1: CSP frame-ancestors none" "$csp" "frame-ancestors 'none'"
  eq "$1: nosniff" "$(header X-Content-Type-Options)" "nosniff"
  eq "$1: Referrer-Policy" "$(header Referrer-Policy)" "no-referrer"
  eq "$1: Content-Type" "$(header Content-Type)" "$2"
}
JSON_CT="application/json; charset=utf-8"

eq "GET / 200" "$(code /)" 200
check_headers "index" "text/html; charset=utf-8"
has "index is the dashboard" "$(cat "$TMP/body")" 'src="/js/app.js"'
hasnt "index has no inline script" "$(cat "$TMP/body")" "<script>"
eq "HEAD / 200" "$(code / -I)" 200
eq "GET /js/app.js 200" "$(code /js/app.js)" 200
check_headers "app.js" "text/javascript; charset=utf-8"
eq "GET /style.css 200" "$(code /style.css)" 200
check_headers "style.css" "text/css; charset=utf-8"
eq "GET /vendor/chart.umd.min.js 200" "$(code /vendor/chart.umd.min.js)" 200
check_headers "chart.js" "text/javascript; charset=utf-8"

# --- every endpoint -----------------------------------------------------------
eq "health 200" "$(code /api/health)" 200
check_headers "health" "$JSON_CT"
ok "health JSON" json_ok "$TMP/body"
has "health not read-only" "$(cat "$TMP/body")" '"read_only":false'

Q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("漏洩"))')
eq "search 漏洩 200" "$(code "/api/incidents?q=$Q&limit=5")" 200
check_headers "search" "$JSON_CT"
ok "search JSON" json_ok "$TMP/body"
python3 - "$TMP/body" >"$TMP/search.txt" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
hits = [p["text"] for it in d["items"] for p in it["snippet"] if p["hit"]]
print(d["total"], len(d["items"]), d["items"][0]["incident"] if d["items"] else "-",
      "yes" if hits and all("漏洩" in h for h in hits) else "no")
EOF
read -r total n ID hitok <"$TMP/search.txt"
[ "$total" -gt 0 ] 2>/dev/null && pass || failmsg "search 漏洩 finds incidents" "total=$total"
eq "search page size honoured" "$([ "$n" -le 5 ] && echo yes)" yes
eq "search hit in context is 漏洩" "$hitok" yes
eq "filters and paging 200" "$(code "/api/incidents?category=hacking&type=name,email&since=2023-07&until=2023-12-31&card=any&vendor=no&sort=-date&limit=3&offset=1")" 200
ok "filtered search JSON" json_ok "$TMP/body"

eq "incident 200" "$(code "/api/incidents/$ID")" 200
check_headers "incident" "$JSON_CT"
ok "incident JSON" json_ok "$TMP/body"
has "incident has reports with evidence" "$(cat "$TMP/body")" '"evidence":'
has "incident has text" "$(cat "$TMP/body")" '"text":'
# Each report's record carries a confidence per SCHEMA.md field, 0..1, as
# docs/openapi.yaml documents (and a runner-up issuer only as an object).
python3 - "$TMP/body" >"$TMP/conf.txt" 2>&1 <<'EOF2' && pass || failmsg "incident records carry confidence" "$(cat "$TMP/conf.txt")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
want = {"casebook_id", "org", "published", "report_seq", "category", "affected", "card", "data_types",
        "reported_to", "vendor"}
for r in d["reports"]:
    c = r["record"]["confidence"]
    assert set(c) == want, sorted(c)
    assert all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in c.values()), c
    ru = r["record"].get("runner_up")
    assert ru is None or isinstance(ru.get("org"), str), ru
EOF2

eq "corrections 200" "$(code /api/corrections)" 200
check_headers "corrections" "$JSON_CT"
ok "corrections JSON" json_ok "$TMP/body"
python3 - "$TMP/body" >"$TMP/corr.txt" 2>&1 <<'EOF2' && pass || failmsg "corrections list the correction with who, what and what it replaced" "$(cat "$TMP/corr.txt")"
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))["corrections"]
assert len(c) == 1 and c[0]["incident"] == "2023-107" and c[0]["report"] is None, c
assert c[0]["value"] == 5950000 and c[0]["extracted"] == 5960000 and c[0]["who"] == "tester", c
assert c[0]["note"] == "<script>x</script>" and c[0]["in_effect"] is True, c
EOF2
eq "corrections since the future 200" "$(code '/api/corrections?since=2999-01-01')" 200
has "corrections since the future: none" "$(cat "$TMP/body")" '{"corrections":[]}'
eq "corrections since garbage 400" "$(code '/api/corrections?since=%3Cscript%3E')" 400
eq "corrections unknown parameter 400" "$(code '/api/corrections?sinc=2024-01-01')" 400
eq "incident names its victim" "$(code /api/incidents/2023-107 >/dev/null; python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["victim"])' "$TMP/body")" "株式会社NTTドコモ"

eq "stats 200" "$(code /api/stats)" 200
ok "stats JSON" json_ok "$TMP/body"
for k in category month data_type authority product affected_month month_by_category product_misconfiguration; do
  has "stats has $k" "$(cat "$TMP/body")" "\"$k\":"
done
for by in category month data_type authority product org affected_month; do
  eq "stats by=$by 200" "$(code "/api/stats?by=$by&since=2020")" 200
  ok "stats by=$by JSON" json_ok "$TMP/body"
done

eq "export jsonl 200" "$(code "/api/export?format=jsonl")" 200
ok "export jsonl: every line JSON" jsonl_ok "$TMP/body"
has "export is a download" "$(header Content-Disposition)" "attachment"
has "export jsonl streamed (chunked)" "$(header Transfer-Encoding)" "chunked"
eq "export csv 200" "$(code "/api/export?format=csv&category=hacking")" 200
has "export csv header (a row per incident)" "$(head -n 1 "$TMP/body")" "incident,reports,casebook_id,org"
eq "export csv content type" "$(header Content-Type)" "text/csv; charset=utf-8"
eq "export stix 200" "$(code "/api/export?format=stix")" 200
ok "export stix JSON" json_ok "$TMP/body"
has "export stix bundle" "$(head -c 300 "$TMP/body")" '"bundle"'
eq "export misp 200" "$(code "/api/export?format=misp")" 200
ok "export misp JSON lines" jsonl_ok "$TMP/body"
eq "export veris 200" "$(code "/api/export?format=veris")" 200
ok "export veris JSON lines" jsonl_ok "$TMP/body"
# One table of formats: each download is byte for byte `jikenbo export`
# of the same database with the same filters.
# A CSV download begins with a UTF-8 BOM (for Excel): `export --bom`.
for f in jsonl csv stix misp veris; do
  bom=; [ "$f" = csv ] && bom=--bom
  eq "export $f 200 (all)" "$(code "/api/export?format=$f")" 200
  "$JIKENBO" export --db "$DB" --format "$f" $bom >"$TMP/cli.$f" 2>"$TMP/cli.err"
  ok "export $f: the same bytes as jikenbo export --format $f $bom" cmp "$TMP/body" "$TMP/cli.$f"
  [ -s "$TMP/cli.$f" ] && pass || failmsg "export $f is not empty"
  eq "export $f 200 (filtered)" "$(code "/api/export?format=$f&category=hacking&since=2023-07")" 200
  "$JIKENBO" export --db "$DB" --format "$f" $bom --category hacking --since 2023-07 >"$TMP/cli.$f" 2>"$TMP/cli.err"
  ok "export $f filtered: the same bytes as the command" cmp "$TMP/body" "$TMP/cli.$f"
done
eq "export csv starts with the BOM" "$(code "/api/export?format=csv" >/dev/null; head -c 3 "$TMP/body" | od -An -tx1 | tr -d ' ')" efbbbf
eq "export csv bom=no 200" "$(code "/api/export?format=csv&bom=no")" 200
"$JIKENBO" export --db "$DB" --format csv >"$TMP/cli.csv" 2>"$TMP/cli.err"
ok "export csv bom=no: the command without --bom" cmp "$TMP/body" "$TMP/cli.csv"
eq "export bom for jsonl is 400" "$(code "/api/export?format=jsonl&bom=yes")" 400
has "export bom: the message says csv" "$(cat "$TMP/body")" "only for format=csv"
eq "export bom=maybe is 400" "$(code "/api/export?format=csv&bom=maybe")" 400
fails "export --bom refused for stix" "$JIKENBO" export --db "$DB" --format stix --bom
# A title that a spreadsheet would run as a formula is written as text.
ok "set a formula-like title" "$JIKENBO" set --db "$DB" "$ID#1" title '=HYPERLINK("http://example.invalid","x")' --who e2e
eq "export csv after a correction" "$(code "/api/export?format=csv")" 200
has "csv: a formula-like cell is defused" "$(cat "$TMP/body")" "\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\""
"$JIKENBO" export --db "$DB" --format csv --bom >"$TMP/cli.csv"
ok "csv after a correction: the same bytes as the command" cmp "$TMP/body" "$TMP/cli.csv"
eq "export without format is jsonl" "$(code "/api/export")" 200
"$JIKENBO" export --db "$DB" --format jsonl >"$TMP/cli.jsonl"
ok "export default: the jsonl of the command" cmp "$TMP/body" "$TMP/cli.jsonl"
code "/api/export?format=xml" >/dev/null
has "export: a bad format names the formats" "$(cat "$TMP/body")" "jsonl, csv, stix, misp, veris"

# --- lessons: `jikenbo lessons --json` over HTTP ------------------------------
eq "lessons 200" "$(code /api/lessons)" 200
check_headers "lessons" "$JSON_CT"
ok "lessons JSON" json_ok "$TMP/body"
"$JIKENBO" lessons --db "$DB" --json >"$TMP/cli.lessons"
ok "lessons: the same as jikenbo lessons --json" cmp "$TMP/body" "$TMP/cli.lessons"
python3 - "$TMP/body" >"$TMP/lessons.txt" <<'EOF2'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
names = [t["name"] for t in d["tables"]]
causes = [t for t in d["tables"] if t["name"] == "causes"][0]["rows"]
ok = all(len(r["incidents"]) == min(r["count"], 10) and (r.get("more") is not None) == (r["count"] > 10) for t in d["tables"] for r in t["rows"])
print(d["incidents"], ",".join(names), "yes" if ok else "no", causes[0]["key"] if causes else "-")
EOF2
read -r ltotal lnames lids ltop <"$TMP/lessons.txt"
[ "${ltotal:-0}" -gt 0 ] 2>/dev/null && pass || failmsg "lessons count incidents" "$ltotal"
eq "lessons tables" "$lnames" "causes,products,discovery,exposure,measures,settings"
eq "lessons: every number lists its incidents" "$lids" yes
eq "lessons filtered 200" "$(code "/api/lessons?category=$ltop&product=")" 200
"$JIKENBO" lessons --db "$DB" --json --category "$ltop" >"$TMP/cli.lessons"
ok "lessons filtered: the same as the command" cmp "$TMP/body" "$TMP/cli.lessons"
P=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("Google フォーム"))')
eq "lessons by product 200" "$(code "/api/lessons?product=$P")" 200
has "lessons by product: the filter echoed" "$(cat "$TMP/body")" '"product":"Google フォーム"'
LONGP=$(printf 'x%.0s' $(seq 1 201))
for p in "/api/lessons?category=nope" "/api/lessons?product=$LONGP" "/api/lessons?q=x" "/api/lessons?category=%zz"; do
  eq "lessons 400 for ${p:0:60}" "$(code "$p")" 400
  ok "lessons 400 body is a JSON error (${p:0:60})" json_ok "$TMP/body"
done
has "lessons 400 names the parameter" "$(code "/api/lessons?category=nope" >/dev/null; cat "$TMP/body")" '"message":"category:'

# --- docs/openapi.yaml and the server agree ------------------------------------
# Every documented path+method answers (not 404/405); every route in the
# routes table of src/serve/api.c is documented.
# (Only /api paths: /taxii2/ and /misp-feed/ are checked by taxii.sh and misp_feed.sh.)
awk '/^paths:/{p=1;next} p && /^  \//{path=""} p && /^  \/api/{sub(/:$/,"",$1);path=$1} p && path && /^    (get|post):/{m=$1;sub(/:$/,"",m);print toupper(m), path}' \
  docs/openapi.yaml >"$TMP/documented"
[ "$(wc -l <"$TMP/documented")" -ge 8 ] && pass || failmsg "openapi lists the routes" "$(cat "$TMP/documented")"
while read -r m p; do
  p=${p//\{id\}/$ID}
  if [ "$m" = POST ]; then
    case $p in
    */corrections) c=$(code "$p" -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"field":"affected","value":12,"note":"e2e"}') ;;
    /api/searches) c=$(code "$p" -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"e2e","query":"漏洩"}') ;;
    */review | /api/alerts/read) c=$(code "$p" -X POST -H "Authorization: Bearer $TOKEN") ;;
    *) c=$(code "$p" -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain' --data-binary @"$JK_SHARED/seeds/000_a8c8f9365337a91e.txt") ;;
    esac
  else
    case $p in
    /api/lessons/incidents) p="$p?table=causes&key=$ltop" ;; # its required parameters
    esac
    c=$(code "$p" -H "Authorization: Bearer $TOKEN")
  fi
  case $c in 2??) pass ;; *) failmsg "documented $m $p answers" "got $c: $(head -c 200 "$TMP/body")" ;; esac
done <"$TMP/documented"
# The routes table: {"METHOD", "/api/path", "suffix after {id}", …}.
grep -oE '\{"(GET|POST)", "/api/[a-z/]*", "[a-z/]*"' src/serve/api.c | tr -d '{",' |
  awk '{p=$2; if (p ~ /\/$/) p=p "{id}" $3; print $1, p}' >"$TMP/routes"
[ "$(wc -l <"$TMP/routes")" -ge 15 ] && pass || failmsg "the routes table is read" "$(cat "$TMP/routes")"
while read -r m p; do
  grep -qxF "$m $p" "$TMP/documented" && pass || failmsg "route $m $p is in docs/openapi.yaml"
done <"$TMP/routes"

# --- 400: bad parameters ---------------------------------------------------------
LONGQ=$(printf 'あ%.0s' $(seq 1 100))
for p in "/api/incidents?limit=0" "/api/incidents?limit=101" "/api/incidents?limit=abc" "/api/incidents?offset=-1" \
  "/api/incidents?offset=100001" "/api/incidents?category=nope" "/api/incidents?type=email,nope" \
  "/api/incidents?reported=nope" "/api/incidents?since=2023-13" "/api/incidents?until=yesterday" \
  "/api/incidents?sort=random" "/api/incidents?card=maybe" "/api/incidents?bogus=1" "/api/incidents?q=$LONGQ" \
  "/api/incidents?q=%zz" "/api/incidents?q=%00" "/api/incidents?q=%c0%ae" "/api/stats?by=weekday" \
  "/api/stats?limit=5" "/api/export?format=xml" "/api/health?x=1" "/api/incidents?=1" \
  "/%c0%ae%c0%ae/etc/passwd" "/a%00.html"; do
  eq "400 for $p" "$(code "$p")" 400
  ok "400 body is a JSON error ($p)" json_ok "$TMP/body"
done
has "400 names the parameter" "$(code "/api/incidents?limit=0" >/dev/null; cat "$TMP/body")" '"message":"limit:'
check_headers "400" "$JSON_CT"
has "400 error shape" "$(cat "$TMP/body")" '{"error":{"status":400,"message":'
MANY=$(for i in $(seq 1 40); do printf 'a%d=1&' "$i"; done)
eq "400 for too many parameters" "$(code "/api/incidents?$MANY")" 400

# --- 404 ---------------------------------------------------------------------------
for p in /api/nope /api /api/ /nope.html /api/incidents/does-not-exist "/api/incidents/J-99999" \
  "/api/incidents/a%20b" "/api/incidents/x/y" /favicon.ico /js/; do
  eq "404 for $p" "$(code "$p")" 404
done
check_headers "404" "$JSON_CT"
ok "404 body is a JSON error" json_ok "$TMP/body"

# --- 405 ---------------------------------------------------------------------------
eq "405 DELETE incidents" "$(code /api/incidents -X DELETE)" 405
eq "405 POST incidents" "$(code /api/incidents -X POST -d x)" 405
eq "405 GET notices" "$(code /api/notices)" 405
eq "405 PUT /" "$(code / -X PUT -d x)" 405
eq "405 OPTIONS" "$(code /api/health -X OPTIONS)" 405

# --- 414 / 413: sizes ------------------------------------------------------------
BIGQ=$(head -c 5000 /dev/zero | tr '\0' 'a')
eq "414 for a 5000-byte target" "$(code "/api/incidents?q=$BIGQ")" 414
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$TMP/big.txt"
eq "413 for a 2 MiB body" "$(code /api/notices -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain' --data-binary @"$TMP/big.txt")" 413
ok "413 body is a JSON error" json_ok "$TMP/body"
# A chunked body is refused from the head (411: send a Content-Length), so
# that libmicrohttpd's own chunk parser, whose errors carry none of the
# security headers, is never reached.
eq "411 for a 2 MiB chunked body" "$(code /api/notices -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain' -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/big.txt")" 411
ok "411 body is a JSON error" json_ok "$TMP/body"

# --- the token ---------------------------------------------------------------------
want401='{"error":{"status":401,"message":"unauthorized"}}'
for variant in "none" "wrong" "basic" "prefix" "empty"; do
  case $variant in
    none) h=() ;;
    wrong) h=(-H "Authorization: Bearer ${TOKEN%?}x") ;;
    basic) h=(-H "Authorization: Basic $(printf 'x:%s' "$TOKEN" | base64 -w0)") ;;
    prefix) h=(-H "Authorization: Bearer ${TOKEN:0:16}") ;;
    empty) h=(-H "Authorization: Bearer ") ;;
  esac
  eq "401 POST notices, token $variant" "$(code /api/notices -X POST "${h[@]}" -H 'Content-Type: text/plain' -d 'x')" 401
  eq "401 body gives no hint ($variant)" "$(tr -d '\n' <"$TMP/body")" "$want401"
  eq "401 POST reextract, token $variant" "$(code /api/reextract -X POST "${h[@]}")" 401
done
eq "401 with the token in the query instead" "$(code "/api/reextract?token=$TOKEN" -X POST)" 401
eq "201 POST notices with the token" "$(code "/api/notices?source=e2e" -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain' --data-binary @"$JK_SHARED/seeds/004_93527db57ab065a5.txt")" 201
ok "POST notices answers JSON" json_ok "$TMP/body"
has "POST notices says what was stored" "$(cat "$TMP/body")" '"segments":[{"notice_id":'
eq "415 for a non-notice media type" "$(code /api/notices -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: audio/mpeg' -d 'x')" 415
# An image is read by OCR (tests/e2e/ocr.sh); one that is not an image is 400.
eq "400 for image/png that is no image" "$(code /api/notices -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: image/png' -d 'x')" 400
has "400 says it is not an image" "$(cat "$TMP/body")" "not a PNG, JPEG or TIFF image"
eq "400 for JSON without a url" "$(code /api/notices -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}')" 400
has "400 says to give a url" "$(cat "$TMP/body")" "url: give an http:// or https:// URL"
eq "400 for an empty body" "$(code /api/notices -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain' -d '')" 400
eq "200 POST reextract with the token" "$(code /api/reextract -X POST -H "Authorization: Bearer $TOKEN")" 200
has "reextract counts" "$(cat "$TMP/body")" '"reextracted":'

# --- traversal: nothing outside web/ is served --------------------------------------
for p in "/../etc/passwd" "/../../../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/%2E%2E/%2E%2E/etc/passwd" \
  "/..%2f..%2f..%2fetc%2fpasswd" "/%2e%2e%2f%2e%2e%2fetc%2fpasswd" "//etc/passwd" "/etc/passwd" "/%2fetc%2fpasswd" \
  "/js/../../Makefile" "/js/%2e%2e/%2e%2e/Makefile" "/..%5c..%5cMakefile" "/.%2e/.%2e/Makefile" \
  "/node_modules/chart.js/package.json" "/node_modules/playwright-core/package.json" "/package.json" \
  "/package-lock.json" "/index.html%00.js" "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd" \
  "/%e0%80%ae%e0%80%ae/etc/passwd" "/.git/HEAD" "/vendor/../package.json" "/vendor/%2e%2e/package.json" \
  "/vendor/chart.umd.min.js/../../package.json" "/js/app.js%2f..%2f..%2fMakefile" "/proc/self/environ" \
  "/api/../../etc/passwd" "/%252e%252e/etc/passwd"; do
  c=$(code "$p")
  case $c in 400|404) pass ;; *) failmsg "traversal $p refused" "got $c" ;; esac
  if grep -qE 'root:|JIKENBO|^TOOL_SRC|"name": *"(jikenbo-web|chart.js|playwright-core)"' "$TMP/body"; then
    failmsg "traversal $p served a file outside web/"
  else pass; fi
done
c=$(curl -s -o "$TMP/body" -w '%{http_code}' --request-target 'http://127.0.0.1/../../etc/passwd' "$URL")
eq "absolute-form target refused" "$c" 400
c=$(curl -s -o "$TMP/body" -w '%{http_code}' --request-target '*' -X OPTIONS "$URL")
case $c in 400|405) pass ;; *) failmsg "asterisk target refused" "got $c" ;; esac

# --- a second, read-only server over a web root holding a symlink out -------------
stop_server
grep -q "stopped after" "$TMP/rw.log" && pass || failmsg "SIGTERM stops cleanly" "$(tail -3 "$TMP/rw.log")"
# Under ASan/UBSan (make test-asan) a report lands in the server's log.
if grep -qE 'Sanitizer|runtime error:' "$TMP/rw.log"; then failmsg "no sanitizer report" "$(grep -m3 -E 'Sanitizer|runtime error:' "$TMP/rw.log")"; else pass; fi
if grep -qF "$TOKEN" "$TMP/rw.log" "$TMP/rw.out"; then failmsg "the token never appears in the server log"; else pass; fi
if grep -qF "${TOKEN:0:16}" "$TMP/rw.log"; then failmsg "no part of the token in the log"; else pass; fi
has "one log line per request (method path status ms)" "$(cat "$TMP/rw.log")" "GET /api/health 200 "
hasnt "log keeps query values out" "$(cat "$TMP/rw.log")" "$Q"
has "log keeps query keys" "$(cat "$TMP/rw.log")" "/api/incidents?q&limit"

mkdir -p "$TMP/web"
cp web/index.html "$TMP/web/"
ln -s /etc/passwd "$TMP/web/evil.txt"
ln -s /etc "$TMP/web/etc"
printf 'hello\n' >"$TMP/web/ok.txt"
start_server ro --web "$TMP/web"
has "read-only server says so" "$(cat "$TMP/ro.out")" "(read-only)"
eq "read-only: health" "$(code /api/health)" 200
has "read-only: health says so" "$(cat "$TMP/body")" '"read_only":true'
eq "read-only: a plain file" "$(code /ok.txt)" 200
eq "read-only: symlink to a file outside → 404" "$(code /evil.txt)" 404
eq "read-only: symlinked directory outside → 404" "$(code /etc/passwd.txt)" 404
eq "read-only: POST notices → 401" "$(code /api/notices -X POST -H "Authorization: Bearer $TOKEN" -d x)" 401
eq "read-only: POST reextract → 401" "$(code /api/reextract -X POST -H "Authorization: Bearer $TOKEN")" 401
kill -INT "$SRV"
for _ in $(seq 1 50); do kill -0 "$SRV" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SRV" 2>/dev/null; then failmsg "SIGINT stops the server"; else wait "$SRV"; eq "SIGINT exit status 0" "$?" 0; fi
SRV=
if grep -qE 'Sanitizer|runtime error:' "$TMP/ro.log"; then failmsg "no sanitizer report (read-only)" "$(grep -m3 -E 'Sanitizer|runtime error:' "$TMP/ro.log")"; else pass; fi

# --- the command line -----------------------------------------------------------------
fails "non-numeric host refused" "$JIKENBO" serve --db "$DB" --listen example.com:80
fails "token on the command line is not an option" "$JIKENBO" serve --db "$DB" --token abc
printf 'short\n' >"$TMP/short"
fails "a short token is refused" "$JIKENBO" serve --db "$DB" --token-file "$TMP/short"
fails "a missing database is an error" "$JIKENBO" serve --db "$TMP/nope.db" --listen 127.0.0.1:0
finish
