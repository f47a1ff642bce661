#!/usr/bin/env bash
# serve_browser.sh — the dashboard in a real browser: `jikenbo serve` on a
# free loopback port over the shared seeds plus one notice whose title and
# text carry the XSS polyglot from seeds/001 (read from the seed at run
# time), driven by tests/browser/dashboard.mjs (playwright-core + Debian's
# chromium).  Screenshots go to tests/out/browser/.
#
# For the confidence marks, two stored records get chosen confidences in
# the database before the server starts: 2024-046 two values under 0.5
# and a runner-up issuer, 2023-277 all 0 (as a record stored before
# confidence existed reads back).  Which facts the extractor itself scores
# low changes as its rules do; these values do not, and they take the
# same path to the page as any record (store, API, dashboard).
#
# Chromium, node or web/node_modules missing is a failure, never a skip:
# ./scripts/install-deps installs all three.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."

SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$TMP"' EXIT

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
missing=
[ -x "$CHROMIUM" ] || missing="$missing chromium ($CHROMIUM)"
command -v node >/dev/null 2>&1 || missing="$missing node"
[ -f web/node_modules/playwright-core/package.json ] || missing="$missing web/node_modules/playwright-core"
[ -f web/node_modules/chart.js/dist/chart.umd.min.js ] || missing="$missing web/node_modules/chart.js"
if [ -n "$missing" ]; then
  failmsg "browser test prerequisites" "missing:$missing — run ./scripts/install-deps"
  finish
fi
export CHROMIUM

DB=$TMP/casebook.db
ok "ingest the seeds" "$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt
set_conf=$({ cat "$(dirname "$0")/../fixtures/confidence.sql"; cat <<'SQL'
SELECT (SELECT count(*) FROM notices WHERE json_extract(jk_unpack_text(record), '$.confidence.affected') = 0.32) > 0,
       (SELECT count(*) FROM notices n JOIN incidents i ON i.id = n.incident_id WHERE i.label = '2023-277') > 0;
SQL
} | jk_sql "$DB" - 2>&1)
eq "confidences set in two stored records" "$set_conf" "1|1"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$TMP/token"
"$JIKENBO" serve --db "$DB" --listen 127.0.0.1:0 --token-file "$TMP/token" --quiet >"$TMP/srv.out" 2>"$TMP/srv.log" &
SRV=$!
URL=
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/srv.out" 2>/dev/null | head -n 1)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] && pass || { failmsg "server started" "$(cat "$TMP/srv.log")"; finish; }

# A notice whose title and body hold the polyglot line of seeds/001.
POLY=$(polyglot)
[ -n "$POLY" ] && pass || failmsg "the polyglot line is in seeds/001"
{
  printf '【セキュリティ事件簿#2099-001】株式会社ポリグロット商事 %s に関するお詫び 2099年01月05日\n\n' "$POLY"
  printf '当社が運営するウェブサイトが不正アクセスを受け、お客様の個人情報(氏名、メールアドレス)120名分が漏洩した可能性があることが判明しました。\n'
  printf '問題の文字列: %s\n\n再発防止に努めてまいります。\n' "$POLY"
} >"$TMP/polyglot.txt"
curl -s -o "$TMP/posted" -w '%{http_code}' -X POST -H "Authorization: Bearer $(cat "$TMP/token")" \
  -H 'Content-Type: text/plain' --data-binary @"$TMP/polyglot.txt" "${URL}api/notices?source=polyglot" >"$TMP/code"
eq "polyglot notice stored" "$(cat "$TMP/code")" 201
POLY_ID=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([s["incident"] for s in d["segments"] if s["is_notice"]][0])' "$TMP/posted" 2>/dev/null)
[ -n "$POLY_ID" ] && pass || failmsg "polyglot notice became an incident" "$(head -c 300 "$TMP/posted")"

# The lessons as the command counts them on the same database: the total
# and the incidents of the most frequent cause, for the lessons view.
LESSONS=$("$JIKENBO" lessons --db "$DB" --json | python3 -c 'import json,sys
d=json.load(sys.stdin)
top=[t for t in d["tables"] if t["name"]=="causes"][0]["rows"][0]
print("%d:%s=%d" % (d["incidents"], top["key"], top["count"]))' 2>/dev/null)
[ -n "$LESSONS" ] && pass || failmsg "jikenbo lessons --json on the seeds"

OUT=tests/out/browser
mkdir -p "$OUT"
timeout 180 node tests/browser/dashboard.mjs "$URL" "$OUT" "${POLY_ID:-2099-001}" "${LESSONS:-0:none=0}" \
  2024-046:2023-277 >"$TMP/node.out" 2>&1
rc=$?
grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$TMP/node.out"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$TMP/node.out" | tail -n 1)
if [ -z "$line" ]; then
  failmsg "browser test ran" "exit $rc, no result line"
else
  PASS=$((PASS + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
  FAIL=$((FAIL + $(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')))
  [ "$rc" -eq 0 ] || [ "$FAIL" -gt 0 ] || failmsg "browser test exit status" "$rc"
fi
for f in dashboard-incident.png dashboard-polyglot.png dashboard-trends.png dashboard-lessons.png \
  dashboard-confidence.png; do
  [ -s "$OUT/$f" ] && pass || failmsg "screenshot $OUT/$f saved"
done
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
eq "server stops cleanly" "$?" 0
SRV=
if grep -qE 'Sanitizer|runtime error:' "$TMP/srv.log"; then failmsg "no sanitizer report" "$(grep -m3 -E 'Sanitizer|runtime error:' "$TMP/srv.log")"; else pass; fi
finish
