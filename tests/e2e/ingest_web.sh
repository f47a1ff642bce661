# ingest_web.sh — ingest from URLs, HTML, PDF and feeds, through the CLI,
# against tests/web/server.py on a loopback port (127.0.0.1 only: no other
# address is ever contacted).  Each case checks the stored result or the
# clear error, and that what was stored before is still there.
source "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/fixtures/web
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# Only loopback: no proxy may take our requests elsewhere.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

# PDFs are made here (python3-cairo + fonts-noto-cjk).
if ! "$PY" "$ROOT/tests/web/make_pdfs.py" "$TMP/pdf" 2>"$TMP/pdf.err"; then
  failmsg "make PDF fixtures" "$(head -3 "$TMP/pdf.err") (install python3-cairo fonts-noto-cjk)"
  finish
fi

"$PY" "$ROOT/tests/web/server.py" "$FIX" "$TMP/pdf" >"$TMP/server.out" 2>"$TMP/server.err" &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 100); do
  grep -q '^PORT ' "$TMP/server.out" 2>/dev/null && break
  sleep 0.1
done
PORT=$(awk '/^PORT /{print $2}' "$TMP/server.out")
if [ -z "$PORT" ]; then
  failmsg "test server started" "$(cat "$TMP/server.err")"
  finish
fi
B=http://127.0.0.1:$PORT

export JIKENBO_DB=$TMP/web.db
export JIKENBO_HOST_SPACING=0
J=$JIKENBO
q() { sqlite3 "$JIKENBO_DB" "$1"; }
docs() { q "SELECT count(*) FROM documents"; }
run() { "$@" >"$TMP/o" 2>"$TMP/e"; echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
out() { cat "$TMP/o" "$TMP/e"; }
# The notice texts of a document: its own, and those it was a sighting of.
doc_text() {
  jk_sql "$JIKENBO_DB" "SELECT group_concat(jk_unpack_text(text), '|') FROM notices WHERE doc_id IN (SELECT id FROM documents WHERE source='$1')
     OR id IN (SELECT notice_id FROM sightings WHERE doc_id IN (SELECT id FROM documents WHERE source='$1'))"
}

# ---- HTML pages ------------------------------------------------------------
run "$J" ingest "$B/page/notice-utf8.html"
eq "utf-8 page: exit 0" "$(rc)" 0
has "utf-8 page: a notice stored" "$(out)" "1 notice stored"
eq "utf-8 page: kind html, raw bytes kept" \
  "$(jk_sql "$JIKENBO_DB" "SELECT kind, length(jk_unpack(raw)) FROM documents WHERE source='$B/page/notice-utf8.html'")" \
  "html|$(stat -c %s "$FIX/notice-utf8.html")"
prov=$(q "SELECT url, final_url, fetched_at, headers FROM documents WHERE source='$B/page/notice-utf8.html'")
has "provenance: url" "$prov" "$B/page/notice-utf8.html|$B/page/notice-utf8.html|20"
has "provenance: content-type" "$prov" '"content-type":"text/html; charset=utf-8"'
has "provenance: etag" "$prov" '"etag":'
has "provenance: last-modified" "$prov" '"last-modified":"Wed, 01 May 2024 00:00:00 GMT"'
has "provenance: status" "$prov" '"status":200'
txt=$(doc_text "$B/page/notice-utf8.html")
has "utf-8 page: notice text" "$txt" "当社オンラインストアへの不正アクセスによる個人情報漏えいに関するお詫びとお知らせ"
hasnt "utf-8 page: no cookie banner" "$txt" "Cookie"
hasnt "utf-8 page: no menu" "$txt" "会社情報"
found=$("$J" search ハルニレ 2>&1)
has "utf-8 page: searchable" "$found" "株式会社ハルニレ商会"
has "utf-8 page: count extracted" "$found" "1,234"

# Run again: a conditional request, answered 304, nothing fetched or stored.
n=$(docs)
run "$J" ingest -v "$B/page/notice-utf8.html"
eq "re-run: exit 0" "$(rc)" 0
has "re-run: not modified" "$(out)" "not modified"
eq "re-run: nothing new stored" "$(docs)" "$n"
log=$(curl -s "$B/_log")
cond=$("$PY" -c 'import json,sys; L=[r for r in json.load(sys.stdin) if r["path"]=="/page/notice-utf8.html"]; print(len(L), bool(L[-1]["inm"]), L[-1]["ims"], L[0]["ua"], "gzip" in L[0]["ae"])' <<<"$log")
eq "re-run: If-None-Match and If-Modified-Since sent" "$cond" "2 True Wed, 01 May 2024 00:00:00 GMT jikenbo/$("$J" --version | awk '{print $2}') (+https://example.invalid/jikenbo; casebook research) True"

# Shift_JIS: charset in the header, only in <meta>, and a header that lies; EUC-JP undeclared.
for page in sjis.html sjis-meta.html sjis-lying.html euc.html; do
  run "$J" ingest "$B/$page"
  eq "$page: exit 0" "$(rc)" 0
  t=$(doc_text "$B/$page")
  has "$page: decoded to UTF-8" "$t" "保護者56人分のメールアドレス"
done
has "sjis: searchable" "$("$J" search 椿ヶ丘 2>&1)" "椿ヶ丘市教育委員会"

# A page with heavy chrome: only the notice is stored.
run "$J" ingest "$B/page/chrome-heavy.html"
eq "chrome page: exit 0" "$(rc)" 0
t=$(doc_text "$B/page/chrome-heavy.html")
has "chrome page: the notice" "$t" "配送伝票の控え120件を紛失"
for chrome in カテゴリ Cookie キャンペーン 過去のお知らせ 関連リンク ページの先頭へ; do
  hasnt "chrome page: no $chrome" "$t" "$chrome"
done

# gzip-encoded page, and a redirect chain: stored with the final URL.
run "$J" ingest "$B/gzip-page"
eq "gzip page: exit 0" "$(rc)" 0
has "gzip page: decoded" "$(q "SELECT headers FROM documents WHERE source='$B/gzip-page'")" '"content-encoding":"gzip"'
run "$J" ingest "$B/redirect/3"   # 3 × 302, then a 301
eq "redirects: exit 0" "$(rc)" 0
eq "redirects: final URL stored" "$(q "SELECT final_url FROM documents WHERE source='$B/redirect/3'")" "$B/page/notice-utf8.html"
has "redirects: counted" "$(q "SELECT headers FROM documents WHERE source='$B/redirect/3'")" '"redirects":4'

# XSS polyglot in a local HTML file: stored as plain text.
# (the polyglot line of seeds/001 goes in at @POLYGLOT@, read at run time)
POLY=$(polyglot)
python3 -c 'import sys; t=open(sys.argv[1]).read(); open(sys.argv[2],"w").write(t.replace("@POLYGLOT@", sys.argv[3]))' \
  "$FIX/xss-notice.html" "$TMP/xss.html" "$POLY"
run "$J" ingest "$TMP/xss.html"
eq "xss page: exit 0" "$(rc)" 0
t=$(doc_text "$TMP/xss.html")
has "xss page: notice text kept" "$t" "原因は公開設定の誤りによるものです。"
hasnt "xss page: script dropped" "$t" "document.cookie"
hasnt "xss page: no svg element" "$t" "<sVg/oNloAd"

# A city's page names its site (og:site_name, the title's suffix, the footer's
# ©) while its notice says only 本市: the name is stored as the document's
# publisher, given to extraction, and again by reextract.
P=$B/page/publisher-city.html
run "$J" ingest -v "$P"
eq "publisher page: exit 0" "$(rc)" 0
has "publisher page: a notice stored" "$(out)" "1 notice stored"
has "publisher page: ingest -v names it" "$(out)" "published by 架空市 from og:site_name"
hasnt "publisher page: the notice text never names the city" "$(doc_text "$P")" "架空市"
eq "publisher page: documents.publisher" "$(q "SELECT publisher FROM documents WHERE source='$P'")" "架空市"
rec=$(jk_sql "$JIKENBO_DB" "SELECT jk_unpack_text(record) FROM notices WHERE doc_id=(SELECT id FROM documents WHERE source='$P')")
inc=$(q "SELECT i.label FROM incidents i JOIN notices n ON n.incident_id=i.id JOIN documents d ON d.id=n.doc_id WHERE d.source='$P'")
org_of() { "$J" show --json "$1" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["summary"]["org"])'; }
eq "publisher page: the issuer is the site (本市 → 架空市)" "$(org_of "$inc")" "架空市"
run "$J" reextract
eq "reextract: exit 0" "$(rc)" 0
eq "reextract: publisher kept" "$(q "SELECT publisher FROM documents WHERE source='$P'")" "架空市"
eq "reextract: the same record (same publisher given)" \
  "$(jk_sql "$JIKENBO_DB" "SELECT jk_unpack_text(record) FROM notices WHERE doc_id=(SELECT id FROM documents WHERE source='$P')")" "$rec"
eq "reextract: the issuer still the site" "$(org_of "$inc")" "架空市"
# The local file: extract sees the same publisher; ingest stores it too.
eq "publisher file: extract gives the site as issuer" \
  "$("$J" extract "$FIX/publisher-city.html" | "$PY" -c 'import json,sys; print(json.loads(sys.stdin.readline())["org"])')" "架空市"
sed 's/2031年9月12日/2031年9月13日/' "$FIX/publisher-city.html" >"$TMP/publisher-copy.html"
run "$J" ingest "$TMP/publisher-copy.html"
eq "publisher file: stored with it" "$(q "SELECT publisher FROM documents WHERE source='$TMP/publisher-copy.html'")" "架空市"
# Pages that name their site in the title only.
eq "title suffix: stored as publisher" \
  "$(q "SELECT publisher FROM documents WHERE source='$B/page/chrome-heavy.html'")" "有限会社コマドリ物流"
eq "plain text: no publisher" "$(q "SELECT count(*) FROM documents WHERE kind='text' AND publisher IS NOT NULL")" 0

# ---- PDFs --------------------------------------------------------------------
run "$J" ingest "$B/pdf/notice.pdf"
eq "pdf: exit 0" "$(rc)" 0
eq "pdf: kind and bytes kept" "$(jk_sql "$JIKENBO_DB" "SELECT kind, length(jk_unpack(raw)) FROM documents WHERE source='$B/pdf/notice.pdf'")" \
  "pdf|$(stat -c %s "$TMP/pdf/notice.pdf")"
t=$(doc_text "$B/pdf/notice.pdf")
has "pdf: Japanese text" "$t" "ランサムウェア被害による個人情報漏えいのおそれについて"
has "pdf: page 2 follows page 1" "$t" "VPN機器の脆弱性"
has "pdf: searchable" "$("$J" search ミドリ技研 2>&1)" "ミドリ技研"
run "$J" ingest "$B/pdf/octet"
eq "pdf sent as octet-stream: known by its bytes" "$(q "SELECT kind FROM documents WHERE source='$B/pdf/octet'")" "pdf"
# OCR off (JIKENBO_OCR=off): a scan is stored without text, with a warning
# (tests/e2e/ocr.sh reads scans with OCR on).
JIKENBO_OCR=off run "$J" ingest "$B/pdf/scan.pdf"
eq "scan: exit 0 (stored)" "$(rc)" 0
has "scan: clear warning" "$(out)" "no text layer (scanned?): stored without text, run OCR"
eq "scan: stored with its bytes" "$(jk_sql "$JIKENBO_DB" "SELECT kind, length(jk_unpack(raw)) > 1000 FROM documents WHERE source='$B/pdf/scan.pdf'")" "pdf|1"
run "$J" ingest "$TMP/pdf/notice.pdf"
eq "local pdf: exit 0" "$(rc)" 0
eq "local pdf: kind pdf, no URL" "$(q "SELECT kind, url IS NULL FROM documents WHERE source='$TMP/pdf/notice.pdf'")" "pdf|1"
# Paragraphs broken at the page margin inside 約1万2千件 and 個人情報保護委員会:
# the facts are read across the breaks, by extract and by ingest alike.
run "$J" extract "$TMP/pdf/wrapped.pdf"
eq "extract reads a PDF: exit 0" "$(rc)" 0
eq "wrapped pdf: count across the margin" \
  "$(python3 -c 'import json,sys; r=json.loads(sys.stdin.readline()); print(r["affected"], r["evidence"]["affected"]["text"])' <"$TMP/o")" \
  "12000 約1万2千
件"
has "wrapped pdf: authority across the margin" "$(cat "$TMP/o")" '"reported_to":["police","ppc"]'
run "$J" ingest "$TMP/pdf/wrapped.pdf"
eq "wrapped pdf: ingest exit 0" "$(rc)" 0
has "wrapped pdf: stored with its count" "$("$J" search 架空運輸 --json 2>&1)" '"affected":12000'
has "wrapped pdf: found by a word the margin cut" "$("$J" search 個人情報保護委員会 --json 2>&1)" '"org":"架空運輸株式会社"'
inc=$("$J" search 架空運輸 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["incident"])')
has "wrapped pdf: show quotes the evidence joined" "$("$J" show "$inc" 2>&1)" "「約1万2千件」"
JIKENBO_OCR=off run "$J" extract "$TMP/pdf/scan.pdf"
eq "extract of a scan: exit 0" "$(rc)" 0
has "extract of a scan: says why nothing came out" "$(cat "$TMP/e")" "no text layer"

# ---- stdin: its kind from its bytes, as for a file --------------------------------
sed 's/コマドリ物流/ヤマガラ物流/g' "$FIX/chrome-heavy.html" >"$TMP/stdin.html"
run "$J" ingest - <"$TMP/stdin.html"
eq "stdin html: exit 0" "$(rc)" 0
has "stdin html: a notice stored" "$(out)" "1 notice stored"
eq "stdin html: kind html, the page kept" \
  "$(jk_sql "$JIKENBO_DB" "SELECT kind, length(jk_unpack(raw)) FROM documents WHERE source='(stdin)' ORDER BY id DESC LIMIT 1")" \
  "html|$(stat -c %s "$TMP/stdin.html")"
t=$(doc_text "(stdin)")
has "stdin html: the notice's text" "$t" "配送伝票の控え120件を紛失"
hasnt "stdin html: no markup stored" "$t" "<div"
hasnt "stdin html: no cookie banner" "$t" "Cookie"
has "stdin html: searchable" "$("$J" search ヤマガラ物流 2>&1)" "ヤマガラ物流"
n=$(docs)
run "$J" ingest - <"$TMP/stdin.html"
eq "stdin html again: already stored" "$(docs)" "$n"
cat "$TMP/pdf/notice.pdf" | run "$J" ingest -v -
eq "stdin pdf: exit 0" "$(rc)" 0
has "stdin pdf: read as a PDF" "$(out)" "(stdin): PDF, 2 pages"
eq "stdin pdf: kind pdf, the bytes kept" \
  "$(jk_sql "$JIKENBO_DB" "SELECT kind, length(jk_unpack(raw)) FROM documents WHERE source='(stdin)' ORDER BY id DESC LIMIT 1")" \
  "pdf|$(stat -c %s "$TMP/pdf/notice.pdf")"
t=$(doc_text "(stdin)")
has "stdin pdf: the text of page 1" "$t" "ランサムウェア被害による個人情報漏えいのおそれについて"
has "stdin pdf: the text of page 2" "$t" "VPN機器の脆弱性"
hasnt "stdin pdf: not stored as bytes" "$t" "%PDF-"
n=$(docs)
JIKENBO_MAX_SIZE=4K run "$J" ingest - <"$TMP/pdf/scan.pdf"
eq "stdin pdf over the size cap: exit 1" "$(rc)" 1
has "stdin pdf over the size cap: clear" "$(out)" "(stdin): pdf larger than 4096 bytes: not stored"
eq "stdin over the size cap: nothing stored" "$(docs)" "$n"
printf '【セキュリティ事件簿#2031-950】株式会社ミソサザイ 誤送信のお詫び\n2031年2月3日\n<p>を含むメールを誤って送信しました。\n' |
  run "$J" ingest -
eq "stdin text with a tag inside: exit 0" "$(rc)" 0
eq "stdin text: kind text" "$(q "SELECT kind FROM documents WHERE source='(stdin)' ORDER BY id DESC LIMIT 1")" "text"
has "stdin text: kept verbatim" "$(doc_text "(stdin)")" "<p>を含むメール"

# ---- feeds ---------------------------------------------------------------------
run "$J" ingest "$B/feed/atom.xml"
eq "atom: exit 0" "$(rc)" 0
eq "atom: 3 entries stored" "$(q "SELECT count(*) FROM documents WHERE headers LIKE '%\"feed\":\"$B/feed/atom.xml\"%'")" 3
eq "atom: entries remembered" "$(q "SELECT count(*) FROM feed_entry WHERE feed_url='$B/feed/atom.xml'")" 3
has "atom: casebook entry is a notice" "$("$J" search カワセミ電機 2>&1)" "2024-201"
eq "atom: summary-only entry read from its page" \
  "$(q "SELECT kind FROM documents WHERE headers LIKE '%post-2003%'")" "html"
has "atom: entry provenance" "$(q "SELECT headers FROM documents WHERE headers LIKE '%post-2001%'")" \
  '"published":"2024-07-04T09:00:00.000+09:00"'
n=$(docs)
run "$J" ingest "$B/feed/atom.xml"
eq "atom again: nothing new" "$(docs)" "$n"
curl -s "$B/_stage?name=atom&n=2" >/dev/null
run "$J" ingest "$B/feed/atom.xml"
eq "atom stage 2: exit 0" "$(rc)" 0
eq "atom stage 2: only the new entry stored" "$(docs)" "$((n + 1))"
has "atom stage 2: bad entry warned" "$(out)" "has neither an id nor a link: skipped"
has "atom stage 2: new notice" "$("$J" search ヒバリ学園 2>&1)" "2024-202"

run "$J" ingest -v "$B/feed/rss.xml"
eq "rss: exit 0" "$(rc)" 0
has "rss: 3 entries" "$(out)" "rss2 feed"
eq "rss: teaser entry read from the linked PDF" \
  "$(q "SELECT count(*) FROM documents WHERE source='$B/pdf/notice.pdf'")" 1
n=$(docs)
curl -s "$B/_stage?name=rss&n=2" >/dev/null
run "$J" ingest -v "$B/feed/rss.xml"
has "rss stage 2: 1 new, 3 stored before" "$(out)" "4 entries, 1 new, 3 stored before, 0 failed"
eq "rss: entries published by the feed's site" \
  "$(q "SELECT DISTINCT publisher FROM documents WHERE kind='feed-entry' AND headers LIKE '%\"feed\":\"$B/feed/rss.xml\"%'")" \
  "ミドリ技研"
eq "pdf: no publisher (its metadata name no site)" "$(q "SELECT count(*) FROM documents WHERE kind='pdf' AND publisher IS NOT NULL")" 0
cp "$FIX/atom-1.xml" "$TMP/saved-feed.xml"
run "$J" ingest "$TMP/saved-feed.xml"
eq "local feed file: exit 0" "$(rc)" 0

# ---- errors: clear, and nothing stored before is lost ------------------------------
before=$(docs)
run "$J" ingest "$B/missing"
eq "404: exit 1" "$(rc)" 1
has "404: clear" "$(out)" "HTTP 404 Not Found"
run "$J" ingest "$B/error"
has "500: clear" "$(out)" "HTTP 500 from the server: its fault; try again later"
t0=$(date +%s)
JIKENBO_TIMEOUT=1 run "$J" ingest "$B/slow"
t1=$(date +%s)
eq "slow: exit 1" "$(rc)" 1
has "slow: timed out" "$(out)" "timed out (limit 1.0 s"
[ $((t1 - t0)) -le 2 ] && pass || failmsg "slow: gave up within the timeout" "$((t1 - t0)) s"
JIKENBO_MAX_SIZE=1M run "$J" ingest "$B/big"
has "over size (Content-Length): clear" "$(out)" "larger than 1048576 bytes"
JIKENBO_MAX_SIZE=1M run "$J" ingest "$B/big-stream"
has "over size (streamed): clear" "$(out)" "larger than 1048576 bytes"
JIKENBO_MAX_SIZE=1M run "$J" ingest "$B/bomb"
eq "gzip bomb: exit 1" "$(rc)" 1
has "gzip bomb: stopped at the cap" "$(out)" "larger than 1048576 bytes once decompressed"
run "$J" ingest "$B/redirect/9"
has "too many redirects: clear" "$(out)" "more than 5 redirects"
run "$J" ingest "$B/loop/a"
has "redirect loop: clear" "$(out)" "(a redirect loop?)"
run "$J" ingest "$B/to-file"
has "redirect to file://: refused" "$(out)" "redirected to a scheme other than http/https"
run "$J" ingest "ftp://127.0.0.1:$PORT/x"
has "ftp URL: refused" "$(out)" "only http:// and https:// URLs are fetched"
run "$J" ingest "$B/pdf/trunc.pdf"
eq "truncated pdf: exit 1" "$(rc)" 1
has "truncated pdf: clear" "$(out)" "not a readable PDF"
# A PNG is read by OCR; this one has no pixels (a header of zeros).
run "$J" ingest "$B/image.png"
has "image: a damaged PNG refused" "$(out)" "image.png: not a readable image: damaged PNG: chunk IHDR"
JIKENBO_OCR=off run "$J" ingest "$B/image.png"
has "image with OCR off: refused" "$(out)" "an image, and OCR is off (JIKENBO_OCR=off): not stored"
run "$J" ingest "http://127.0.0.1:1/nothing-listens"
has "connection refused: clear" "$(out)" "check the address and the network"
eq "errors stored nothing" "$(docs)" "$before"
has "earlier notices still there" "$("$J" search ハルニレ 2>&1)" "株式会社ハルニレ商会"
run "$J" ingest "$B/empty.html" "$B/garbage.html"
eq "empty and garbage pages: read (exit 0)" "$(rc)" 0
has "empty page: warned" "$(out)" "empty HTML document"
has "garbage page: warned" "$(out)" "replaced by U+FFFD"
# One bad URL among good ones: the good are stored, the exit says one failed.
sed 's/コマドリ物流/ツグミ運輸/g' "$FIX/chrome-heavy.html" >"$TMP/other.html"
cp "$TMP/pdf/notice.pdf" "$TMP/copy.pdf"
n=$(docs)
run "$J" ingest "$B/missing" "$TMP/copy.pdf" "$TMP/other.html"
eq "mixed: exit 1" "$(rc)" 1
has "mixed: the failure named" "$(out)" "failed: $B/missing"
eq "mixed: the others stored" "$(docs)" "$((n + 2))"

# ---- politeness: requests to one host are spaced --------------------------------------
curl -s "$B/_stage?name=atom&n=1" >/dev/null
JIKENBO_HOST_SPACING=0.4 run "$J" ingest "$B/page/notice-utf8.html?a" "$B/page/notice-utf8.html?b" "$B/page/notice-utf8.html?c"
gaps=$(curl -s "$B/_log" | "$PY" -c 'import json,sys; t=[r["t"] for r in json.load(sys.stdin) if r["path"]=="/page/notice-utf8.html"][-3:]; print(min(b-a for a,b in zip(t,t[1:])) >= 0.35)')
eq "spacing: >= 0.4 s between requests to one host" "$gaps" "True"

# ---- watch ------------------------------------------------------------------------------
export JIKENBO_DB=$TMP/watch.db
run "$J" watch --once "$B/feed/atom.xml"
eq "watch --once: exit 0" "$(rc)" 0
has "watch --once: entries stored" "$(out)" "3 entries, 3 new"
run "$J" watch --once "$B/feed/atom.xml"
has "watch --once again: not modified" "$(out)" "not modified"
# A feed that fails first (503) then works: the error is logged, the next round stores.
"$J" watch --every 1s "$B/feed/flaky.xml" >"$TMP/w.out" 2>&1 &
W=$!
for _ in $(seq 1 60); do grep -q "new" "$TMP/w.out" && break; sleep 0.1; done
kill -TERM $W
wait $W
eq "watch: stops cleanly on SIGTERM (exit 0)" "$?" 0
w=$(cat "$TMP/w.out")
has "watch: network error logged" "$w" "HTTP 503"
has "watch: retried next round" "$w" "3 entries, 3 new"
has "watch: says it stopped" "$w" "stopped by SIGTERM"
eq "watch: state kept" "$(q "SELECT rounds >= 2, last_ok IS NOT NULL FROM feed_state WHERE feed_url='$B/feed/flaky.xml'")" "1|1"
# Restarted: resumes the schedule (no fetch now), then stops.
hits=$(curl -s "$B/_log" | "$PY" -c 'import json,sys; print(sum(r["path"]=="/feed/flaky.xml" for r in json.load(sys.stdin)))')
"$J" watch --every 1h "$B/feed/flaky.xml" >"$TMP/w2.out" 2>&1 &
W=$!
sleep 0.7
kill -INT $W
wait $W
eq "watch restarted: exit 0 on SIGINT" "$?" 0
has "watch restarted: resumes its schedule" "$(cat "$TMP/w2.out")" "resuming: last round"
hits2=$(curl -s "$B/_log" | "$PY" -c 'import json,sys; print(sum(r["path"]=="/feed/flaky.xml" for r in json.load(sys.stdin)))')
eq "watch restarted: no early fetch" "$hits2" "$hits"
run "$J" watch --once "$B/feed/flaky.xml"
has "watch after restart: nothing stored twice" "$(out)" "not modified"
run "$J" watch --once "$B/missing"
eq "watch --once on a 404: exit 1" "$(rc)" 1
run "$J" watch --every 0s "$B/feed/atom.xml"
eq "watch: bad --every is a usage error" "$(rc)" 2
run "$J" watch --once notice.html
eq "watch: a path is a usage error" "$(rc)" 2
finish
