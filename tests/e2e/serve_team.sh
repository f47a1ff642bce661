#!/usr/bin/env bash
# serve_team.sh — analysts at work over HTTP (issue 13), with curl on a
# free loopback port: `jikenbo user` (tokens shown once, only hashes
# stored), 401/403 per role on every new route, ingest through the
# library's pipeline from the API (text, HTML, PDF, URL; binary, empty,
# invalid UTF-8, oversized, polyglot), saved searches and their alerts
# (dashboard list, `jikenbo alerts`), webhooks signed with HMAC-SHA256
# to a loopback receiver, retried after a failure and sent once — also
# across a restart — and the review queue.
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
ROOT=$PWD
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

SRV= HOOK= WEB=
stop_server() { if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=; fi; }
trap 'stop_server; [ -n "$HOOK" ] && kill "$HOOK" 2>/dev/null; [ -n "$WEB" ] && kill "$WEB" 2>/dev/null; rm -rf "$TMP"' EXIT

start_server() {
  local name=$1; shift
  # The fixture servers are on loopback: the operator allows it (ALLOW= below: not).
  JIKENBO_ALLOW_INTERNAL_URLS="${ALLOW-127.0.0.1}" JIKENBO_WEBHOOK_BACKOFF=1 "$JIKENBO" serve --db "$DB" --listen 127.0.0.1:0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.log" &
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
code() { local p=$1; shift; curl -s --path-as-is -o "$TMP/body" -w '%{http_code}' "$@" "${URL%/}$p"; }
body() { cat "$TMP/body"; }
jget() { "$PY" -c 'import json,sys
d=json.load(open(sys.argv[1], encoding="utf-8"))
for k in sys.argv[2].split("."):
    d = d[int(k)] if isinstance(d, list) else d[k]
print(d if not isinstance(d, bool) else str(d).lower())' "$TMP/body" "$1" 2>/dev/null; }
auth() { printf 'Authorization: Bearer %s' "$1"; }

DB=$TMP/casebook.db
ok "ingest the seeds" "$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt

# --- jikenbo user ---------------------------------------------------------------
ok "user --help" "$JIKENBO" user --help
A=$("$JIKENBO" user add alice --role analyst --db "$DB" 2>"$TMP/add.err")
eq "user add prints a token of 64 hex" "$(printf '%s' "$A" | grep -cE '^[0-9a-f]{64}$')" 1
has "user add says the token is shown once" "$(cat "$TMP/add.err")" "shown only now"
R=$("$JIKENBO" user add rob --role reader --db "$DB" 2>/dev/null)
M=$("$JIKENBO" user add 管理者 --role admin --db "$DB" 2>/dev/null)
[ -n "$R" ] && [ -n "$M" ] && pass || failmsg "reader and admin added"
"$JIKENBO" user add alice --role admin --db "$DB" >/dev/null 2>"$TMP/e"
eq "user add: a taken name is exit 2" "$?" 2
has "user add: a taken name says so" "$(cat "$TMP/e")" "already exists"
for bad in "bad name" "" "a/b" "$(printf 'x%.0s' $(seq 1 65))" "$(printf 'nul\001')" "<script>"; do
  "$JIKENBO" user add "$bad" --role reader --db "$DB" >/dev/null 2>"$TMP/e"
  eq "user add refuses the name '${bad:0:20}'" "$?" 2
done
"$JIKENBO" user add carol --db "$DB" >/dev/null 2>"$TMP/e"
eq "user add without --role is exit 2" "$?" 2
"$JIKENBO" user add carol --role root --db "$DB" >/dev/null 2>"$TMP/e"
eq "user add with a bad role is exit 2" "$?" 2
has "a bad role names the roles" "$(cat "$TMP/e")" "reader, analyst or admin"
LIST=$("$JIKENBO" user list --db "$DB")
has "user list shows alice as analyst" "$LIST" "alice                analyst"
has "user list shows rob as reader" "$LIST" "rob                  reader"
hasnt "user list never shows a token" "$LIST" "$A"
eq "the database holds no token" "$(grep -c -a -F "$A" "$DB" "$DB-wal" 2>/dev/null | awk -F: '{s+=$2} END {print s+0}')" 0
eq "the database holds the token's SHA-256" \
  "$(sqlite3 "$DB" "SELECT token_sha256 FROM users WHERE name='alice'")" "$(printf '%s' "$A" | sha256sum | cut -d' ' -f1)"
T=$("$JIKENBO" user add temp --role reader --db "$DB" 2>/dev/null)
ok "user remove" "$JIKENBO" user remove temp --db "$DB"
"$JIKENBO" user remove temp --db "$DB" >/dev/null 2>"$TMP/e"
eq "user remove of nobody is exit 2" "$?" 2
"$JIKENBO" user frob --db "$DB" >/dev/null 2>&1
eq "user with an unknown action is exit 2" "$?" 2

# --- roles over HTTP ----------------------------------------------------------------
start_server users
has "says users' tokens allow writes" "$(cat "$TMP/users.out")" "writes allowed with users' tokens"
eq "health: not read-only with users" "$(code /api/health >/dev/null; jget read_only)" false
eq "me without a token: 401" "$(code /api/me)" 401
eq "me with an unknown token: 401" "$(code /api/me -H "$(auth "$(printf '0%.0s' $(seq 1 64))")")" 401
eq "me with a removed user's token: 401" "$(code /api/me -H "$(auth "$T")")" 401
eq "me as the reader: 200" "$(code /api/me -H "$(auth "$R")")" 200
eq "me names the reader" "$(jget name):$(jget role)" "rob:reader"
eq "me as the admin: a Japanese name" "$(code /api/me -H "$(auth "$M")" >/dev/null; jget name)" "管理者"
eq "reading needs no login" "$(code /api/incidents?q=漏洩)" 200
eq "reextract as analyst: 403" "$(code /api/reextract -X POST -H "$(auth "$A")")" 403
has "403 names the role needed" "$(body)" "needs the role admin"
eq "reextract as admin: 200" "$(code /api/reextract -X POST -H "$(auth "$M")")" 200
eq "notices as reader: 403" "$(code /api/notices -X POST -H "$(auth "$R")" -H 'Content-Type: text/plain' -d x)" 403
eq "notices without a token: 401" "$(code /api/notices -X POST -H 'Content-Type: text/plain' -d x)" 401

# --- ingest through the pipeline ---------------------------------------------------------
notice() { # CASEBOOK ORG COUNT
  printf '【セキュリティ事件簿#%s】%s メール誤送信による個人情報漏えいのお詫び 2099年03月0%s日\n\n' "$1" "$2" "${1: -1}"
  printf '%sにおいて、お客様%s名のメールアドレスが他のお客様に表示される状態で送信されました。\n\n今後は再発防止に努めてまいります。\n' "$2" "$3"
}
notice 2099-901 株式会社架空チーム商会 41 >"$TMP/n1.txt"
eq "paste a notice as analyst: 201" "$(code "/api/notices?source=paste" -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain; charset=utf-8' --data-binary @"$TMP/n1.txt")" 201
eq "the answer names the incident" "$(jget segments.0.incident)" 2099-901
eq "the answer gives its org" "$(jget segments.0.org)" 株式会社架空チーム商会
eq "found by search" "$(code "/api/incidents?q=架空チーム商会" >/dev/null; jget total)" 1
eq "the same again: 201, a duplicate" "$(code "/api/notices?source=paste" -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' --data-binary @"$TMP/n1.txt" >/dev/null; jget seen_before)" true
printf '<html><head><title>お知らせ</title><meta property="og:site_name" content="架空ページ株式会社"></head><body><main><h1>【セキュリティ事件簿#2099-902】架空ページ株式会社 不正アクセスに関するお詫び 2099年03月02日</h1><p>弊社サーバーが不正アクセスを受け、お客様77名の氏名と住所が漏えいした可能性があります。</p></main></body></html>\n' >"$TMP/n2.html"
eq "upload an HTML page: 201" "$(code "/api/notices?source=n2.html" -X POST -H "$(auth "$A")" -H 'Content-Type: text/html' --data-binary @"$TMP/n2.html")" 201
eq "the page's notice became an incident" "$(jget segments.0.incident)" 2099-902
eq "stored as html with its bytes" "$(jk_sql "$DB" "SELECT kind, length(jk_unpack(raw)) > 100 FROM documents WHERE source='api:n2.html'")" "html|1"
eq "an HTML page sent as octet-stream is read as HTML" "$(code "/api/notices?source=n2b" -X POST -H "$(auth "$A")" -H 'Content-Type: application/octet-stream' --data-binary @"$TMP/n2.html" >/dev/null; sqlite3 "$DB" "SELECT kind FROM documents WHERE source='api:n2b'")" html
if "$PY" "$ROOT/tests/web/make_pdfs.py" "$TMP/pdf" >/dev/null 2>&1 && ls "$TMP"/pdf/*.pdf >/dev/null 2>&1; then
  PDF=$(ls "$TMP"/pdf/*.pdf | head -n 1)
  c=$(code "/api/notices?source=up.pdf" -X POST -H "$(auth "$A")" -H 'Content-Type: application/pdf' --data-binary @"$PDF")
  case $c in 201 | 415) pass ;; *) failmsg "upload a PDF: 201 (or 415 for a scan)" "$c $(body)" ;; esac
  eq "a PDF is stored as pdf" "$(sqlite3 "$DB" "SELECT count(*) FROM documents WHERE source='api:up.pdf' AND kind='pdf'")" "$([ "$c" = 201 ] && echo 1 || echo 0)"
  eq "a PDF sent as text/plain is read as a PDF" "$(code "/api/notices?source=up2.pdf" -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' --data-binary @"$PDF" >/dev/null; sqlite3 "$DB" "SELECT count(*) FROM documents WHERE source='api:up2.pdf' AND kind='pdf'")" "$([ "$c" = 201 ] && echo 1 || echo 0)"
else
  failmsg "make a PDF fixture (python3-cairo, fonts-noto-cjk)"
fi
head -c 3000 /dev/urandom >"$TMP/bin"; printf '\0\0\0' >>"$TMP/bin"
eq "a binary upload: 415" "$(code "/api/notices?source=bin" -X POST -H "$(auth "$A")" -H 'Content-Type: application/octet-stream' --data-binary @"$TMP/bin")" 415
has "415 says why" "$(body)" "not"
eq "a media type that is no notice: 415" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: video/mp4' -d x)" 415
eq "an image type, bytes no image: 400" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: image/png' -d x)" 400
eq "an empty body: 400" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' -d '')" 400
printf '【セキュリティ事件簿#2099-903】株式会社架空バイト \xff\xfe 紛失のお詫び 2099年03月03日\n\n書類を紛失しました。お客様5名の氏名が記載されていました。\n' >"$TMP/bad.txt"
eq "invalid UTF-8: 201, kept" "$(code "/api/notices?source=bad" -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' --data-binary @"$TMP/bad.txt")" 201
head -c 1100000 /dev/zero | tr '\0' 'a' >"$TMP/huge"
eq "a body over 1 MiB: 413" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' --data-binary @"$TMP/huge")" 413
POLY=$(polyglot)
{ printf '【セキュリティ事件簿#2099-904】株式会社架空ポリ %s 漏えいのお詫び 2099年03月04日\n\n' "$POLY"; printf 'お客様9名の氏名が漏えいしました。%s\n' "$POLY"; } >"$TMP/poly.txt"
eq "a polyglot notice: 201" "$(code "/api/notices?source=poly" -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' --data-binary @"$TMP/poly.txt")" 201
ok "the polyglot answer is JSON" "$PY" -m json.tool "$TMP/body"
eq "JSON without a url: 400" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d '{}')" 400
eq "a file:// url: 400" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d '{"url":"file:///etc/passwd"}')" 400
eq "a url that is not a string: 400" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d '{"url":5}')" 400
eq "bad JSON: 400" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d '{"url":')" 400
"$PY" "$ROOT/tests/web/server.py" "$ROOT/tests/fixtures/web" "$TMP/pdf" >"$TMP/web.out" 2>"$TMP/web.err" &
WEB=$!
for _ in $(seq 1 100); do grep -q '^PORT ' "$TMP/web.out" 2>/dev/null && break; sleep 0.1; done
WPORT=$(awk '/^PORT /{print $2}' "$TMP/web.out")
eq "a URL: 201" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$WPORT/page/notice-utf8.html\"}")" 201
eq "the URL's page is stored with its URL" "$(sqlite3 "$DB" "SELECT kind FROM documents WHERE url='http://127.0.0.1:$WPORT/page/notice-utf8.html'")" html
eq "a URL that answers 404: 502" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$WPORT/missing\"}")" 502
# Without the operator's leave, a remote user's URL never reaches an internal address.
stop_server
ALLOW= start_server strict
eq "a loopback URL without JIKENBO_ALLOW_INTERNAL_URLS: 403" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$WPORT/page/chrome-heavy.html\"}")" 403
has "403 names the URL" "$(body)" "http://127.0.0.1:$WPORT/page/chrome-heavy.html"
has "403 says loopback and what to set" "$(body)" "internal address (loopback): not reached; internal addresses are not reached for a remote user's request; the operator may allow them with JIKENBO_ALLOW_INTERNAL_URLS=1"
eq "a name resolving to loopback: 403" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d "{\"url\":\"http://localhost:$WPORT/page/chrome-heavy.html\"}")" 403
has "403 says what the name resolves to" "$(body)" "localhost resolves to"
for u in "http://[::1]:$WPORT/" "http://0x7f000001:$WPORT/" "http://169.254.169.254/latest/meta-data/" "http://10.0.0.1/" "http://[fd00::1]/" "http://0.0.0.0:$WPORT/"; do
  eq "$u: 403" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d "{\"url\":\"$u\"}")" 403
done
eq "nothing was fetched or stored" "$(sqlite3 "$DB" "SELECT count(*) FROM documents WHERE url LIKE '%chrome-heavy%'")" 0
stop_server
JIKENBO_ALLOW_INTERNAL_URLS=not-an-address timeout 10 "$JIKENBO" serve --db "$DB" --listen 127.0.0.1:0 >/dev/null 2>"$TMP/badallow.log"
rc=$?
eq "a bad JIKENBO_ALLOW_INTERNAL_URLS: serve exits 2" "$rc" 2
has "and names the value" "$(cat "$TMP/badallow.log")" '"not-an-address" is not an address or prefix'
start_server users2
eq "the CLI's ingest of the same page is already stored" "$("$JIKENBO" ingest --db "$DB" "http://127.0.0.1:$WPORT/page/notice-utf8.html" 2>&1 | grep -c 'not modified\|already stored\|nothing new')" 1

# --- saved searches ------------------------------------------------------------------------
"$PY" "$ROOT/tests/web/hook_receiver.py" "$TMP/hport" "$TMP/hook.log" 1 &
HOOK=$!
for _ in $(seq 1 50); do [ -s "$TMP/hport" ] && break; sleep 0.1; done
HP=$(cat "$TMP/hport")
js() { printf '%s' "$1"; }
eq "save a search without a token: 401" "$(code /api/searches -X POST -H 'Content-Type: application/json' -d '{"query":"x"}')" 401
eq "save a search as text/plain: 415" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: text/plain' -d '{"query":"x"}')" 415
eq "save a search without a query: 400" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: application/json' -d '{"name":"x"}')" 400
has "400 names the query" "$(body)" "query:"
eq "a bad filter: 400" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: application/json' -d '{"query":"category:nope"}')" 400
has "400 names the category" "$(body)" "nope"
eq "a query over 256 bytes: 400" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: application/json' -d "{\"query\":\"$(printf 'あ%.0s' $(seq 1 90))\"}")" 400
eq "a name with a control character: 400" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: application/json' -d '{"query":"x","name":"a\u0001b"}')" 400
eq "an ftp webhook: 400" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: application/json' -d '{"query":"x","webhook":"ftp://127.0.0.1/"}')" 400
eq "a short secret: 400" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: application/json' -d "{\"query\":\"x\",\"webhook\":\"http://127.0.0.1:$HP/\",\"secret\":\"short\"}")" 400
eq "a secret without a webhook: 400" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: application/json' -d '{"query":"x","secret":"0123456789abcdef0"}')" 400
eq "save a search with a webhook: 201" "$(code /api/searches -X POST -H "$(auth "$R")" -H 'Content-Type: application/json' -d "{\"name\":\"架空フック\",\"query\":\"架空フック工業 category:misdelivery\",\"webhook\":\"http://127.0.0.1:$HP/hook\"}")" 201
SECRET=$(jget secret)
eq "the secret is made: 64 hex" "$(printf '%s' "$SECRET" | grep -cE '^[0-9a-f]{64}$')" 1
eq "an analyst saves one too: 201" "$(code /api/searches -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d '{"query":"架空フック工業"}')" 201
eq "the reader sees only theirs" "$(code /api/searches -H "$(auth "$R")" >/dev/null; "$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$TMP/body")" 1
hasnt "the list shows no secret" "$(body)" "$SECRET"
eq "no alert yet" "$(code /api/alerts -H "$(auth "$R")" >/dev/null; jget unread)" 0
notice 2099-905 株式会社架空フック工業 63 >"$TMP/n5.txt"
eq "a matching notice: 201" "$(code "/api/notices?source=n5" -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' --data-binary @"$TMP/n5.txt")" 201
eq "the ingest raised two alerts (two searches)" "$(jget alerts)" 2
notice 2099-906 株式会社架空ほか 7 >"$TMP/n6.txt"
code "/api/notices?source=n6" -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' --data-binary @"$TMP/n6.txt" >/dev/null
eq "a notice that does not match raises none" "$(jget alerts)" 0
eq "the reader has one unread alert" "$(code /api/alerts -H "$(auth "$R")" >/dev/null; jget unread)" 1
eq "the alert names the incident" "$(jget items.0.incident.id)" 2099-905
eq "alerts unread=maybe: 400" "$(code "/api/alerts?unread=maybe" -H "$(auth "$R")")" 400
eq "alerts limit=0: 400" "$(code "/api/alerts?limit=0" -H "$(auth "$R")")" 400
eq "alerts without a token: 401" "$(code /api/alerts)" 401
# The webhook: the receiver fails the first POST, so one retry (backoff 1 s).
for _ in $(seq 1 60); do [ "$(grep -c '"status": 204' "$TMP/hook.log" 2>/dev/null || true)" -ge 1 ] 2>/dev/null && break; sleep 0.2; done
eq "the webhook was tried twice (503, then 204)" "$(grep -c . "$TMP/hook.log" 2>/dev/null)" 2
VER=$("$PY" - "$TMP/hook.log" "$SECRET" <<'PYEOF'
import hashlib, hmac, json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
sec = sys.argv[2].encode()
ok = all(l["signature"] == "sha256=" + hmac.new(sec, l["body"].encode(), hashlib.sha256).hexdigest() for l in lines)
b = json.loads(lines[-1]["body"])
print("%s %s %s %s" % ("valid" if ok else "invalid", b["incident"]["id"], b["search"]["name"], lines[-1]["alert"] == str(b["alert"])))
PYEOF
)
eq "the signature is HMAC-SHA256 of the body; the body names the incident" "$VER" "valid 2099-905 架空フック True"
eq "delivered, in the database" "$(sqlite3 "$DB" "SELECT hook_state, hook_attempts, hook_status FROM alerts a JOIN saved_searches s ON s.id=a.search_id WHERE s.owner='rob'")" "delivered|2|204"
eq "POST alerts/read: 200" "$(code /api/alerts/read -X POST -H "$(auth "$R")")" 200
eq "one marked read" "$(jget marked)" 1
eq "none unread now" "$(code /api/alerts -H "$(auth "$R")" >/dev/null; jget unread)" 0
# Restart: nothing is sent again.
stop_server
start_server again
sleep 3
eq "after a restart the webhook is not sent again" "$(grep -c . "$TMP/hook.log")" 2
# The CLI ingest goes through the same pipeline: alerts and a webhook.
notice 2099-907 株式会社架空フック工業 12 >"$TMP/n7.txt"
sed -i 's/メール誤送信/メール誤送信(第2報)/' "$TMP/n7.txt"
stop_server
JIKENBO_ALLOW_INTERNAL_URLS=127.0.0.1 "$JIKENBO" ingest --db "$DB" "$TMP/n7.txt" >"$TMP/o" 2>"$TMP/e"
has "jikenbo ingest says it raised alerts" "$(cat "$TMP/e")" "alerts: 2 new for saved searches"
has "jikenbo ingest sent the webhook" "$(cat "$TMP/e")" "webhooks: 1 sent"
eq "the receiver got the third POST" "$(grep -c . "$TMP/hook.log")" 3
ALS=$("$JIKENBO" alerts --db "$DB" --user rob 2>"$TMP/e")
has "jikenbo alerts lists the new one" "$ALS" "2099-907"
has "jikenbo alerts marks it unread" "$ALS" "*"
has "jikenbo alerts counts" "$(cat "$TMP/e")" "1 unread"
ok "jikenbo alerts --json is JSON" sh -c "'$JIKENBO' alerts --db '$DB' --json | '$PY' -m json.tool"
ok "jikenbo alerts --read" "$JIKENBO" alerts --db "$DB" --user rob --read
eq "jikenbo alerts --unread: none left for rob" "$("$JIKENBO" alerts --db "$DB" --user rob --unread --json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')" 0
ok "jikenbo alerts --deliver with nothing due" "$JIKENBO" alerts --db "$DB" --deliver
# The CLI delivers webhooks a remote user saved: no internal address without the operator's leave.
notice 2099-908 株式会社架空フック工業 13 >"$TMP/n8.txt"
sed -i 's/メール誤送信/メール誤送信(第3報)/' "$TMP/n8.txt"
env -u JIKENBO_ALLOW_INTERNAL_URLS "$JIKENBO" ingest --db "$DB" "$TMP/n8.txt" >"$TMP/o" 2>"$TMP/e"
has "without JIKENBO_ALLOW_INTERNAL_URLS the webhook is refused" "$(cat "$TMP/e")" "webhooks: 0 sent, 1 to retry later"
eq "the receiver got nothing more" "$(grep -c . "$TMP/hook.log")" 3
has "the alert's error names the webhook and the setting" "$(sqlite3 "$DB" "SELECT hook_error FROM alerts WHERE hook_state='pending'")" "127.0.0.1:$HP/hook: 127.0.0.1 is an internal address (loopback): not reached"
sqlite3 "$DB" "UPDATE alerts SET hook_state='failed' WHERE hook_state='pending'"
eq "jikenbo alerts --deliver with a bad JIKENBO_ALLOW_INTERNAL_URLS: exit 2" "$(JIKENBO_ALLOW_INTERNAL_URLS=10.0.0.0/99 "$JIKENBO" alerts --db "$DB" --deliver >/dev/null 2>&1; echo $?)" 2
fails "jikenbo alerts --limit 0" "$JIKENBO" alerts --db "$DB" --limit 0
start_server review

# --- the review queue ---------------------------------------------------------------------
jk_sql "$DB" - <tests/fixtures/confidence.sql
eq "review: 200 without a login" "$(code "/api/review?limit=100")" 200
ORDER=$("$PY" -c 'import json,sys
d=json.load(open(sys.argv[1]))
c=[i["confidence"] for i in d["items"]]
print("sorted" if c == sorted(c) and len(c) > 10 else "unsorted %s" % c[:12], d["items"][0]["id"])' "$TMP/body")
eq "review: lowest confidence first (an unknown one, all 0, first)" "$ORDER" "sorted 2023-277"
has "review: the weak facts are named" "$(body)" '"weakest":[{"field":'
eq "review limit=0: 400" "$(code "/api/review?limit=0")" 400
eq "review limit=x: 400" "$(code "/api/review?limit=x")" 400
eq "review an unknown parameter: 400" "$(code "/api/review?q=x")" 400
eq "mark reviewed as reader: 403" "$(code /api/incidents/2023-277/review -X POST -H "$(auth "$R")")" 403
eq "mark reviewed without a token: 401" "$(code /api/incidents/2023-277/review -X POST)" 401
eq "mark reviewed, unknown incident: 404" "$(code /api/incidents/2099-000/review -X POST -H "$(auth "$A")")" 404
eq "mark reviewed, a bad id: 404" "$(code "/api/incidents/%3Cx%3E/review" -X POST -H "$(auth "$A")")" 404
eq "mark reviewed with a bad note: 400" "$(code /api/incidents/2023-277/review -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d '{"note":5}')" 400
eq "mark reviewed as analyst: 201" "$(code /api/incidents/2023-277/review -X POST -H "$(auth "$A")" -H 'Content-Type: application/json' -d '{"note":"checked"}')" 201
eq "the answer says who" "$(jget who):$(jget reviewed)" "alice:true"
eq "a reviewed incident leaves the queue" "$(code "/api/review?limit=500" >/dev/null; grep -c '"id":"2023-277"' "$TMP/body")" 0
eq "GET review/… is 405" "$(code /api/incidents/2023-277/review)" 405
stop_server
if grep -qE 'Sanitizer|runtime error:' "$TMP"/*.log; then failmsg "no sanitizer report" "$(grep -h -m3 -E 'Sanitizer|runtime error:' "$TMP"/*.log)"; else pass; fi

# --- no users, no token: read-only as before --------------------------------------------------
DB2=$TMP/ro.db
ok "a casebook without users" "$JIKENBO" ingest --db "$DB2" "$JK_SHARED"/seeds/000_a8c8f9365337a91e.txt
DB=$DB2 start_server ro
has "read-only without users" "$(cat "$TMP/ro.out")" "(read-only)"
eq "health says read-only" "$(code /api/health >/dev/null; jget read_only)" true
eq "a token from another casebook: 401" "$(code /api/notices -X POST -H "$(auth "$A")" -H 'Content-Type: text/plain' -d x)" 401
stop_server
finish
