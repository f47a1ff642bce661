#!/usr/bin/env bash
# serve_hostile.sh — `jikenbo serve` against hostile clients on loopback
# (tests/hostile_client.py; slow clients from 127.0.0.2, normal requests
# from 127.0.0.1), and the bounded readers of outside input (check, PDF,
# HTML).  Bounded: about 45 s.  The long forms (400 slow clients for 30 s
# at the default deadlines) are bench/hostile_serve.sh.
#
#   slow clients     400 tricklers (head deadline 4 s here): every normal
#                    request answered within 1 s
#   the cache        5 rounds of `jikenbo set` from another process while
#                    GETs stream: the GET 1 s after each commit is fresh
#   uploads          200 unauthenticated 1 MB uploads: all 401, RSS < 32 MB more
#   exports          4 exports never read hold the slots only until the
#                    send deadline (3 s here)
#   head deadline    a trickled head is answered 408 at the deadline
#   per address      past --max-per-address: 503 at once, 127.0.0.1 served
#   proxy            --trust-proxy: counted per X-Forwarded-For address (429)
#   heads refused    malformed, too big, HTTP/2.0, chunked: our JSON error
#                    with the security headers (never libmicrohttpd's page)
#   smaller ones     q=offset:N capped, since=2023-02-30 refused,
#                    text/plainjunk 415, a NUL body 415 and not stored
#   readers          check with 100,000 nested parentheses < 1 s with a
#                    clear error; a 1 GiB-inflating PDF within 5 s with a
#                    warning, the file after it stored; HTML 100,000 deep
#                    warns whenever its text is dropped
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
HC="python3 tests/hostile_client.py"

SRV=
stop_server() { if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=; fi; }
trap 'stop_server; rm -rf "$TMP"' EXIT
start_server() { # NAME DB ARGS…: sets PORT and SRV
  local name=$1 db=$2; shift 2
  "$JIKENBO" serve --db "$db" --listen 127.0.0.1:0 -q "$@" >"$TMP/$name.out" 2>"$TMP/$name.log" &
  SRV=$!
  PORT=
  for _ in $(seq 1 100); do
    PORT=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/$name.out" 2>/dev/null | head -n 1 | sed 's/.*://; s/\///')
    [ -n "$PORT" ] && break
    kill -0 "$SRV" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$PORT" ] || { echo "server did not start:"; cat "$TMP/$name.log"; }
}
jget() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, d))' "$1" "$2"; }

DB=$TMP/casebook.db
"$JIKENBO" ingest --db "$DB" "$JK_SHARED"/seeds/*.txt >/dev/null 2>&1
INC=$("$JIKENBO" search --db "$DB" --json 2>/dev/null | python3 -c 'import json,sys
for l in sys.stdin:
    d=json.loads(l); print(d.get("incident") or ""); break' 2>/dev/null)
[ -n "$INC" ] || INC=$(sqlite3 "$DB" "select casebook_id from incidents where casebook_id is not null limit 1" 2>/dev/null)
head -c 24 /dev/urandom | base64 | tr -d '\n' >"$TMP/token"
TOKEN=$(cat "$TMP/token")

# --- slow clients ------------------------------------------------------------------
start_server slow "$DB" --head-timeout 4
R=$($HC slow "$PORT" 400 12)
echo "slow clients: $R"
eq "slow: normal requests answered" "$(jget "$R" 'failed')" 0
eq "slow: every normal request within 1 s" "$(jget "$R" 'over_1s')" 0
eq "slow: some normal requests made" "$(jget "$R" 'requests > 50')" True
eq "slow: 400 slow clients were connected" "$(jget "$R" 'held_max')" 400
eq "slow: most refused per address (503)" "$(jget "$R" 'answers.get("503", 0) > 300')" True
eq "slow: the held ones cut at the head deadline (408)" "$(jget "$R" 'answers.get("408", 0) > 0')" True

# --- head deadline, per address ------------------------------------------------------
R=$($HC head "$PORT")
eq "head: 408 at the deadline" "$(jget "$R" 'status')" 408
eq "head: after about 4 s" "$(jget "$R" '3.5 <= seconds <= 6')" True
has "head: 408 has the CSP" "$(jget "$R" 'head')" "Content-Security-Policy: default-src 'self'"
stop_server
start_server perip "$DB" --max-per-address 3
R=$($HC perip "$PORT" 3)
eq "per address: the 4th slow head gets 503" "$(jget "$R" 'extra_status')" 503
eq "per address: at once" "$(jget "$R" 'extra_seconds < 1')" True
has "per address: 503 has nosniff" "$(jget "$R" 'extra_head')" "X-Content-Type-Options: nosniff"
eq "per address: 127.0.0.1 still served" "$(jget "$R" 'normal_status')" 200
eq "per address: the held ones served when whole" "$(jget "$R" 'held_statuses')" "[200, 200, 200]"
stop_server
start_server proxy "$DB" --max-per-address 3 --token-file "$TMP/token" --trust-proxy 127.0.0.2
R=$($HC proxy "$PORT" "$TOKEN" 3)
eq "proxy: a 4th from one forwarded address: 429" "$(jget "$R" 'same_address')" 429
eq "proxy: another forwarded address served" "$(jget "$R" 'other_address')" 200
stop_server

# --- heads refused here, with our headers ------------------------------------------------
start_server rw "$DB" --token-file "$TMP/token"
raw() { $HC raw "$PORT" "$(printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n')"; }
for c in "GARBAGE\r\n\r\n|400" "GET / HTTP/2.0\r\nHost: x\r\n\r\n|505" "GET / HTTP/1.1\nHost: x\n\n|400" \
         "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n|400" "GET / HTTP/1.1\r\n folded\r\n\r\n|400" \
         "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n|400"; do
  req=${c%|*}; want=${c##*|}
  R=$(raw "$(printf "$req")")
  eq "head '$req': $want" "$(jget "$R" 'status')" "$want"
  has "head '$req': CSP" "$(jget "$R" 'head')" "Content-Security-Policy:"
  has "head '$req': JSON error" "$(jget "$R" 'body')" "\"status\":$want"
done
R=$(raw "GET / HTTP/1.1"$'\r\n'"X-Big: $(head -c 20000 /dev/zero | tr '\0' a)"$'\r\n\r\n')
eq "a 20 KB header: 431" "$(jget "$R" 'status')" 431
has "431 has nosniff" "$(jget "$R" 'head')" "X-Content-Type-Options: nosniff"
R=$(raw "POST /api/notices HTTP/1.1"$'\r\n'"Authorization: Bearer $TOKEN"$'\r\n'"Transfer-Encoding: chunked"$'\r\n\r\n'"ZZZZ"$'\r\n')
eq "a chunked body: 411 from the head" "$(jget "$R" 'status')" 411
has "411 has the CSP" "$(jget "$R" 'head')" "Content-Security-Policy:"

# --- the smaller ones ---------------------------------------------------------------------
U="http://127.0.0.1:$PORT"
code() { curl -s -o "$TMP/body" -w '%{http_code}' "$@"; }
eq "q=offset:200000 refused" "$(code "$U/api/incidents?q=offset:200000")" 400
has "q=offset: names the cap" "$(cat "$TMP/body")" "offset: expected 0 to 100000"
eq "q=offset:100000 taken" "$(code "$U/api/incidents?q=offset:100000")" 200
eq "since=2023-02-30 refused" "$(code "$U/api/incidents?since=2023-02-30")" 400
eq "until=2023-02-29 refused" "$(code "$U/api/incidents?until=2023-02-29")" 400
eq "since=2024-02-29 taken" "$(code "$U/api/incidents?since=2024-02-29")" 200
eq "q=since:2023-02-30 refused too" "$(code "$U/api/incidents?q=since:2023-02-30")" 400
before=$(curl -s "$U/api/health")
printf '【お知らせ】架空の通知\n\n本文\0バイナリ\n' >"$TMP/nul.txt"
# The library pipeline reads the bytes' kind: binary is no notice format.
eq "a body with NUL: 415" "$(code "$U/api/notices" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain' --data-binary @"$TMP/nul.txt")" 415
has "NUL: says binary" "$(cat "$TMP/body")" "binary content is not a notice format"
eq "NUL: nothing stored" "$(curl -s "$U/api/health")" "$before"
eq "text/plainjunk: 415" "$(code "$U/api/notices" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plainjunk' --data-binary 'x')" 415
eq "unauthenticated 415 is 401 first" "$(code "$U/api/notices" -H 'Content-Type: text/plainjunk' --data-binary 'x')" 401
printf '【お知らせ】架空工業株式会社 不正アクセスのお詫び\n\n2024年3月1日\n\n架空工業株式会社は、顧客情報12件の漏えいを確認しました。\n' >"$TMP/ok.txt"
eq "text/plain; charset=utf-8: 201" "$(code "$U/api/notices" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain; charset=utf-8' --data-binary @"$TMP/ok.txt")" 201
eq "GET /api/notices: 405 from the head" "$(code "$U/api/notices")" 405
eq "no such route: 404" "$(code -X POST "$U/api/nothing" --data-binary x)" 404

# --- uploads refused before they are read --------------------------------------------------
stop_server
start_server up "$DB" --token-file "$TMP/token" --max-per-address 300
R=$($HC uploads "$PORT" "$SRV" 200 1048576)
echo "uploads (token server): $R"
eq "uploads: all 401" "$(jget "$R" 'statuses.get("401", 0)')" 200
eq "uploads: RSS grew < 32 MB" "$(jget "$R" 'rss_growth_kb < 32768')" True
stop_server
start_server upro "$DB" --max-per-address 300
R=$($HC uploads "$PORT" "$SRV" 200 1048576)
echo "uploads (read-only server): $R"
eq "uploads read-only: all 401" "$(jget "$R" 'statuses.get("401", 0)')" 200
eq "uploads read-only: RSS grew < 32 MB" "$(jget "$R" 'rss_growth_kb < 32768')" True
stop_server

# --- the cache against a writer in another process ---------------------------------------------
start_server cache "$DB"
R=$($HC cache "$PORT" "$DB" "$JIKENBO" "$INC" 5)
echo "cache: $R"
eq "cache: 5 of 5 GETs fresh 1 s after the commit" "$(jget "$R" 'fresh')" 5
eq "cache: GETs streamed meanwhile" "$(jget "$R" 'gets > 100')" True
stop_server

# --- exports that are never read ------------------------------------------------------------
python3 - "$TMP/many.txt" <<'PY'
import sys
out = []
for i in range(3000):
    org = "架空商事%04d株式会社" % i
    out.append("【お詫び】%s 不正アクセスによる個人情報漏えいのお知らせ\n\n2024年%d月%d日\n\n%s\n\n"
               "当社のウェブサイトが第三者による不正アクセスを受け、お客様の氏名、住所、メールアドレス%d件が"
               "漏えいした可能性があることが判明いたしました。\n\n" % (org, 1 + i % 12, 1 + i % 28, org, 100 + i))
open(sys.argv[1], "w").write("".join(out))
PY
"$JIKENBO" ingest --db "$TMP/big.db" "$TMP/many.txt" >/dev/null 2>&1
start_server exp "$TMP/big.db" --send-timeout 3
R=$($HC exports "$PORT" 4 8)
echo "exports: $R"
eq "exports: the slots are held at first (503)" "$(jget "$R" 'tries[0][1]')" 503
eq "exports: free again after the send deadline" "$(jget "$R" 'tries[-1][1] == 200 and 2.5 <= tries[-1][0] <= 6')" True
eq "exports: the idle readers were cut" "$(jget "$R" 'cut')" 4
stop_server

# --- readers of outside input ------------------------------------------------------------------
python3 -c "
n=100000
open('$TMP/deep.rules','w').write('service cloud.firestore {\n match /x/{id} {\n  allow read: if '+'('*n+'true'+')'*n+';\n }\n}\n')
import json
open('$TMP/deep.rules.json','w').write(json.dumps({'rules':{'x':{'.read':'('*n+'true'+')'*n}}}))"
for f in deep.rules deep.rules.json; do
  t0=$(date +%s.%N)
  out=$("$JIKENBO" check "$TMP/$f" 2>&1)
  t=$(python3 -c "print($(date +%s.%N) - $t0)")
  eq "check $f: under 1 s" "$(python3 -c "print($t < 1)")" True
  has "check $f: a clear error" "$out" "nests brackets deeper than 128 levels"
done
python3 tests/web/make_pdf_bomb.py "$TMP/bomb.pdf" 1024
printf '【お知らせ】架空電機株式会社 メール誤送信のお詫び\n\n2024年5月1日\n\n架空電機株式会社は、顧客34名のメールアドレスが誤って送信されたことを確認しました。\n' >"$TMP/after.txt"
t0=$(date +%s.%N)
"$JIKENBO" ingest --db "$TMP/pdf.db" "$TMP/bomb.pdf" "$TMP/after.txt" >"$TMP/pdf.out" 2>&1
rc=$?
t=$(python3 -c "print($(date +%s.%N) - $t0)")
echo "pdf bomb + next file: ${t}s"
eq "pdf bomb: within 5 s" "$(python3 -c "print($t < 5)")" True
has "pdf bomb: a warning naming the budget" "$(cat "$TMP/pdf.out")" "PDF over its budget: its streams inflate past 96 MiB"
has "pdf bomb: the next file stored" "$(cat "$TMP/pdf.out")" "1 notice stored"
eq "pdf bomb: ingest exits 0" "$rc" 0
has "pdf bomb: the bomb kept as a document" "$(cat "$TMP/pdf.out")" "2 documents"
python3 -c "
n=100000
for t in ('div','span','table','em','p','li'):
    open('$TMP/h_%s.html'%t,'w').write('<html><body><h1>架空の見出し</h1><p>前。</p>'+('<%s>'%t)*n+'深い文。'+('</%s>'%t)*n+'<p>後。</p></body></html>')"
for t in div span table em p li; do
  out=$("$JIKENBO" extract --all --text "$TMP/h_$t.html" 2>"$TMP/h.err")
  if printf '%s' "$out" | grep -q '深い文'; then pass; else has "html <$t> x100000: dropped text is warned" "$(cat "$TMP/h.err")" "HTML nested deeper than 256 levels"; fi
done
finish
