#!/usr/bin/env bash
# serve_analyst.sh — analysts in a real browser (tests/browser/analyst.mjs,
# playwright-core + Debian's chromium) against `jikenbo serve` over the
# shared seeds with two users (an analyst and a reader) and a loopback
# webhook receiver (tests/web/hook_receiver.py): login, a saved search,
# paste-ingest, a correction shown with its author and reverted, the
# review queue and its keys, a reader without edit controls.  Then: the
# saved search fired exactly one alert whose signature is valid, and
# none again after the server restarts.  Screenshots: tests/out/browser/.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

SRV= HOOK=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; [ -n "$HOOK" ] && kill "$HOOK" 2>/dev/null; rm -rf "$TMP"' EXIT

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
missing=
[ -x "$CHROMIUM" ] || missing="$missing chromium ($CHROMIUM)"
command -v node >/dev/null 2>&1 || missing="$missing node"
[ -f web/node_modules/playwright-core/package.json ] || missing="$missing web/node_modules/playwright-core"
if [ -n "$missing" ]; then
  failmsg "browser test prerequisites" "missing:$missing — run ./scripts/install-deps"
  finish
fi
export CHROMIUM

DB=$TMP/casebook.db
ok "ingest the seeds" "$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt
jk_sql "$DB" - <tests/fixtures/confidence.sql
A=$("$JIKENBO" user add alice --role analyst --db "$DB" 2>/dev/null)
R=$("$JIKENBO" user add rob --role reader --db "$DB" 2>/dev/null)
[ -n "$A" ] && [ -n "$R" ] && pass || failmsg "users added"

python3 tests/web/hook_receiver.py "$TMP/hport" "$TMP/hook.log" &
HOOK=$!
for _ in $(seq 1 50); do [ -s "$TMP/hport" ] && break; sleep 0.1; done
HOOK_URL="http://127.0.0.1:$(cat "$TMP/hport")/alerts"

start() {
  JIKENBO_ALLOW_INTERNAL_URLS=127.0.0.1 JIKENBO_WEBHOOK_BACKOFF=1 "$JIKENBO" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$TMP/$1.out" 2>"$TMP/$1.log" &
  SRV=$!
  URL=
  for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/$1.out" 2>/dev/null | head -n 1)
    [ -n "$URL" ] && break
    sleep 0.1
  done
  [ -n "$URL" ] && pass || { failmsg "server started ($1)" "$(cat "$TMP/$1.log")"; finish; }
}
stop() { kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; local rc=$?; SRV=; return $rc; }

start first
OUT=tests/out/browser
mkdir -p "$OUT"
timeout 240 node tests/browser/analyst.mjs "$URL" "$OUT" "$A" "$R" "$HOOK_URL" 2024-046 >"$TMP/node.out" 2>&1
rc=$?
grep -v -E '^[0-9]+ passed, [0-9]+ failed|^SECRET ' "$TMP/node.out"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$TMP/node.out" | tail -n 1)
if [ -z "$line" ]; then
  failmsg "browser test ran" "exit $rc, no result line"
else
  PASS=$((PASS + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
  FAIL=$((FAIL + $(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')))
  [ "$rc" -eq 0 ] || [ "$FAIL" -gt 0 ] || failmsg "browser test exit status" "$rc"
fi
SECRET=$(awk '/^SECRET /{print $2}' "$TMP/node.out")
for f in analyst-ingest.png analyst-corrected.png analyst-review.png; do
  [ -s "$OUT/$f" ] && pass || failmsg "screenshot $OUT/$f saved"
done

# The saved search's webhook: one POST, signed.
for _ in $(seq 1 50); do [ -s "$TMP/hook.log" ] && break; sleep 0.2; done
sleep 1.5
eq "one alert delivered to the webhook" "$(grep -c . "$TMP/hook.log" 2>/dev/null || echo 0)" 1
sig() { python3 - "$TMP/hook.log" "$SECRET" <<'PYEOF'
import hashlib, hmac, json, sys
ls = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ok = all(l["signature"] == "sha256=" + hmac.new(sys.argv[2].encode(), l["body"].encode(), hashlib.sha256).hexdigest() for l in ls)
print("valid" if ok and ls else "invalid", json.loads(ls[0]["body"])["incident"]["id"] if ls else "-")
PYEOF
}
eq "the signature is valid; the alert names the pasted notice" "$(sig)" "valid 2099-951"
eq "the database says delivered" "$(sqlite3 "$DB" "SELECT hook_state FROM alerts")" delivered
stop
eq "server stops cleanly" "$?" 0
start second
sleep 3
eq "after a restart: not sent again" "$(grep -c . "$TMP/hook.log")" 1
stop
if grep -qE 'Sanitizer|runtime error:' "$TMP"/*.log; then failmsg "no sanitizer report" "$(grep -h -m3 -E 'Sanitizer|runtime error:' "$TMP"/*.log)"; else pass; fi
finish
