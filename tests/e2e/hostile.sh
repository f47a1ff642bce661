# hostile.sh — hostile input, through the CLI: each block is one row of
# docs/hostile-inputs.md (keep the two in step).  Every row checks that
# jikenbo neither crashes nor hangs nor lies: a clear result or a clear
# error, valid UTF-8 JSON out, bounded memory, the database intact.
#
# The two big rows (a 200 MB line, a million notices) run at full size
# in both builds (ASan: 200 MB line 2 s, 10^6 notices 14 s); under
# JK_SANITIZED=1 (make test-asan) only the memory bound is wider, for
# ASan's shadow and quarantine.  JK_HOSTILE_LINE_MB and JK_HOSTILE_TINY
# set other sizes.
source "$(dirname "$0")/../lib.sh"

LINE_MB=${JK_HOSTILE_LINE_MB:-200}
TINY_N=${JK_HOSTILE_TINY:-1000000}
if [ "${JK_SANITIZED:-0}" = 1 ]; then RSS_MAX_KB=$((900 * 1024)); else RSS_MAX_KB=$((160 * 1024)); fi
DB=$TMP/hostile.db

# All lines of a JSON Lines file parse, as strict UTF-8.
json_lines_ok() {
  python3 - "$1" <<'PY'
import json, sys
with open(sys.argv[1], "rb") as f:
    for n, line in enumerate(f, 1):
        json.loads(line.decode("utf-8", "strict"))
PY
}
# A field of the first record of a JSON Lines file, as JSON.
field() {
  python3 - "$1" "$2" <<'PY'
import json, sys
rec = json.loads(open(sys.argv[1], encoding="utf-8").readline())
v = rec
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print(json.dumps(v, ensure_ascii=False))
PY
}
# Peak RSS in KB of a command (GNU time), the command's status in $?.
with_rss() {
  /usr/bin/time -f %M -o "$TMP/.rss" "$@"
}
peak_kb() { tail -n 1 "$TMP/.rss"; }
integrity() { sqlite3 "$DB" 'PRAGMA integrity_check'; }
# Ingest a hostile file: whatever it says, the database stays sound.
ingest_sound() {
  "$JIKENBO" ingest --db "$DB" "$1" >"$TMP/.ing" 2>&1
  eq "$2: database intact after ingest" "$(integrity)" ok
}
heading() { printf '【セキュリティ事件簿#2031-%03d】株式会社あけぼの%s 不正アクセスによる個人情報の漏えい\n2031年4月1日\n' "$1" "$2"; }

# ---- empty input ---------------------------------------------------------
: >"$TMP/empty.txt"
out=$("$JIKENBO" extract "$TMP/empty.txt" 2>"$TMP/err"); rc=$?
eq "empty file: exit 0" "$rc" 0
eq "empty file: no record" "$out" ""
out=$("$JIKENBO" extract - </dev/null 2>/dev/null); rc=$?
eq "empty stdin: exit 0, no record" "$rc:$out" "0:"
ingest_sound "$TMP/empty.txt" "empty file"

# ---- NUL bytes -----------------------------------------------------------
# Near the start: a binary file, refused by name.  Further in (past the
# first 64 KiB read), inside text: dropped, the notice read through them.
{ heading 1 ""; printf '顧客\x0012名の氏名が流出しました。\n'; } >"$TMP/nul-start.txt"
fails "NUL bytes at the start: refused" "$JIKENBO" extract "$TMP/nul-start.txt"
has "NUL bytes at the start: error names the file" "$(cat "$TMP/.out")" "nul-start.txt: a binary file"
{ for i in $(seq 1 1200); do printf 'これは前置きの文章です。お知らせとは関係がありません。%04d\n' "$i"; done
  printf '\n'; heading 1 ""; printf '顧客\x00\x0012名の氏名と\x00メールアドレスが流出しました。\n'; } >"$TMP/nul.txt"
"$JIKENBO" extract --text "$TMP/nul.txt" >"$TMP/nul.jsonl" 2>"$TMP/err"
eq "NUL bytes past 64 KiB: one record" "$(wc -l <"$TMP/nul.jsonl")" 1
ok "NUL bytes: output is valid UTF-8 JSON" json_lines_ok "$TMP/nul.jsonl"
hasnt "NUL bytes: dropped from the text" "$(cat "$TMP/nul.jsonl")" '\u0000'
eq "NUL bytes: count read through them" "$(field "$TMP/nul.jsonl" affected)" 12
ingest_sound "$TMP/nul.txt" "NUL bytes"
has "NUL bytes past 64 KiB: ingest stores the notice" "$(cat "$TMP/.ing")" "1 notice stored"
ingest_sound "$TMP/nul-start.txt" "NUL bytes at the start"
has "NUL bytes at the start: ingest refuses the file, by offset" "$(cat "$TMP/.ing")" "NUL byte at offset"

# ---- invalid UTF-8 --------------------------------------------------------
{ heading 2 ""; printf '顧客\xff\xfe名の情報\x80が流出\xe3\x81しました。\n'; } >"$TMP/bad.txt"
"$JIKENBO" extract --text "$TMP/bad.txt" >"$TMP/bad.jsonl" 2>"$TMP/err"
ok "invalid UTF-8: output is valid UTF-8 JSON" json_lines_ok "$TMP/bad.jsonl"
has "invalid UTF-8: warning names line and byte" "$(cat "$TMP/err")" "bad.txt:3: warning (byte"
has "invalid UTF-8: warning names the byte value" "$(cat "$TMP/err")" "invalid UTF-8 byte 0xFF replaced by U+FFFD"
has "invalid UTF-8: replaced by U+FFFD in the text" "$(cat "$TMP/bad.jsonl")" "顧客��名"
ingest_sound "$TMP/bad.txt" "invalid UTF-8"

# ---- overlong UTF-8, encoded surrogates, beyond U+10FFFF --------------------
{ heading 3 ""; printf 'A\xc0\xafB C\xe0\x80\xafD E\xed\xa0\x80F G\xf4\x90\x80\x80H\n'; } >"$TMP/overlong.txt"
"$JIKENBO" extract --text "$TMP/overlong.txt" >"$TMP/overlong.jsonl" 2>"$TMP/err"
ok "overlong UTF-8: output is valid UTF-8 JSON" json_lines_ok "$TMP/overlong.jsonl"
text=$(field "$TMP/overlong.jsonl" text)
hasnt "overlong '/' is not decoded as '/'" "$text" "A/B"
hasnt "3-byte overlong '/' is not decoded as '/'" "$text" "C/D"
has "overlong: each byte becomes U+FFFD" "$text" "A��B"
has "UTF-8 surrogate: replaced" "$text" "E���F"
has "beyond U+10FFFF: replaced" "$text" "G����H"

# ---- lone surrogates in escaped JSON (gold labels, imports) -----------------
printf '{"key":"x.txt:1","org":"A"}\n{"key":"x.txt:1","org":"\\ud800"}\n' >"$TMP/sur.jsonl"
fails "gold with \\ud800: refused" "$JIKENBO" eval "$TMP/sur.jsonl" "$TMP/bad.txt"
has "gold with \\ud800: error names the line" "$(cat "$TMP/.out")" "gold line 2"
printf '{"key":"x.txt:1","org":"\\udc00x"}\n' >"$TMP/sur2.jsonl"
fails "gold with lone \\udc00: refused" "$JIKENBO" eval "$TMP/sur2.jsonl" "$TMP/bad.txt"
printf '{"key":"x.txt:1","org":"\\ud83d\\ude00"}\n' >"$TMP/pair.jsonl"
ok "gold with a valid surrogate pair: read" "$JIKENBO" eval "$TMP/pair.jsonl" "$TMP/bad.txt"
printf '{"type":"bundle","objects":[{"type":"incident","spec_version":"2.1","id":"incident--1","name":"\\ud800"}]}' >"$TMP/sur.stix"
fails "STIX import with \\ud800: refused" "$JIKENBO" import -f stix --db "$DB" "$TMP/sur.stix"
has "STIX import with \\ud800: error names the byte" "$(cat "$TMP/.out")" "byte"
printf '{"Event":{"info":"\\udfff","Attribute":[]}}\n' >"$TMP/sur.misp"
fails "MISP import with \\udfff: refused" "$JIKENBO" import -f misp --db "$DB" "$TMP/sur.misp"
eq "lone surrogates: database intact" "$(integrity)" ok

# ---- a 200 MB single line ---------------------------------------------------
yes 'あいうえお個人情報漏えいのお知らせ' | tr -d '\n' | head -c $((LINE_MB * 1000 * 1000)) >"$TMP/line.txt"
t0=$(date +%s)
with_rss "$JIKENBO" extract -v "$TMP/line.txt" >"$TMP/line.jsonl" 2>"$TMP/err"
rc=$?
echo "a ${LINE_MB} MB line: $(( $(date +%s) - t0 )) s, peak RSS $(( $(peak_kb) / 1024 )) MB"
eq "${LINE_MB} MB line: exit 0" "$rc" 0
has "${LINE_MB} MB line: warning names line 1" "$(grep -m 1 'line longer' "$TMP/err")" "line.txt:1: warning (byte 0): line longer than"
has "${LINE_MB} MB line: segments cut with a warning" "$(grep -m 1 'cut here' "$TMP/err")" "was cut here"
ok "${LINE_MB} MB line: memory bounded (peak $(peak_kb) KB < $RSS_MAX_KB KB)" test "$(peak_kb)" -lt "$RSS_MAX_KB"
rm -f "$TMP/line.txt" "$TMP/line.jsonl"

# ---- a million tiny notices ---------------------------------------------------
awk -v n="$TINY_N" 'BEGIN { for (i = 1; i <= n; i++) printf "【セキュリティ事件簿#2031-%d】T%d 漏えい\n", i, i }' >"$TMP/tiny.txt"
t0=$(date +%s)
with_rss "$JIKENBO" extract --no-evidence "$TMP/tiny.txt" >"$TMP/tiny.jsonl" 2>"$TMP/err"
rc=$?
echo "$TINY_N tiny notices: $(( $(date +%s) - t0 )) s, peak RSS $(( $(peak_kb) / 1024 )) MB"
eq "$TINY_N tiny notices: exit 0" "$rc" 0
eq "$TINY_N tiny notices: one record each" "$(wc -l <"$TMP/tiny.jsonl")" "$TINY_N"
eq "$TINY_N tiny notices: the last one is the last" "$(tail -n 1 "$TMP/tiny.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["casebook_id"])')" "2031-$TINY_N"
ok "$TINY_N tiny notices: memory bounded (peak $(peak_kb) KB < $RSS_MAX_KB KB)" test "$(peak_kb)" -lt "$RSS_MAX_KB"
# Through the database: fewer (each is a transaction's worth of rows).
n2=$((TINY_N < 2000 ? TINY_N : 2000))
head -n "$n2" "$TMP/tiny.txt" >"$TMP/tiny2k.txt"
rm -f "$TMP/tiny.txt" "$TMP/tiny.jsonl"
"$JIKENBO" ingest --db "$TMP/tiny.db" "$TMP/tiny2k.txt" >"$TMP/.ing" 2>&1
eq "$n2 tiny notices: all stored" "$(sqlite3 "$TMP/tiny.db" 'SELECT count(*) FROM incidents')" "$n2"
eq "$n2 tiny notices: database intact" "$(sqlite3 "$TMP/tiny.db" 'PRAGMA integrity_check')" ok

# ---- deeply nested JSON -------------------------------------------------------
python3 -c "print('[' * 100000 + ']' * 100000)" >"$TMP/deep.jsonl"
fails "gold nested 100000 deep: refused" "$JIKENBO" eval "$TMP/deep.jsonl" "$TMP/bad.txt"
has "gold nested: error names the line" "$(cat "$TMP/.out")" "gold line 1"
python3 -c "print('{\"type\":\"bundle\",\"objects\":' + '[' * 100000 + ']' * 100000 + '}')" >"$TMP/deep.stix"
fails "STIX nested 100000 deep: refused" "$JIKENBO" import -f stix --db "$DB" "$TMP/deep.stix"
has "STIX nested: error says how deep is allowed" "$(cat "$TMP/.out")" "nested deeper than 64"
fails "settings nested 100000 deep: refused" "$JIKENBO" check "$TMP/deep.stix"
has "settings nested: error names line and column" "$(cat "$TMP/.out")" "deep.stix:1:"
eq "deep JSON: database intact" "$(integrity)" ok

# ---- numbers beyond 64 bits ----------------------------------------------------
{ heading 4 ""; printf 'お客様の個人情報9999999999999999999万件が流出しました。\n'; } >"$TMP/big.txt"
"$JIKENBO" extract "$TMP/big.txt" >"$TMP/big.jsonl" 2>/dev/null
eq "9999999999999999999万件: not stored as a count" "$(field "$TMP/big.jsonl" affected)" null
{ heading 5 ""; printf '会員18446744073709551616名の情報が流出しました。\n'; } >"$TMP/big2.txt"
"$JIKENBO" extract "$TMP/big2.txt" >"$TMP/big2.jsonl" 2>/dev/null
eq "18446744073709551616名 (2^64): not stored as a count" "$(field "$TMP/big2.jsonl" affected)" null
{ heading 6 ""; printf '会員1,234名の情報が流出しました。\n'; } >"$TMP/small.txt"
"$JIKENBO" extract "$TMP/small.txt" >"$TMP/small.jsonl" 2>/dev/null
eq "1,234名 beside them still reads 1234" "$(field "$TMP/small.jsonl" affected)" 1234

# ---- impossible dates --------------------------------------------------------------
# A titled notice: title, date line, issuer, body.
dated() { printf '個人情報の漏えいについて\n%s\n株式会社あけぼの\n顧客3名の氏名が流出しました。\n' "$1" >"$2"; }
dated '令和99年13月45日' "$TMP/date.txt"
"$JIKENBO" extract "$TMP/date.txt" >"$TMP/date.jsonl" 2>/dev/null
eq "令和99年13月45日: still a notice" "$(wc -l <"$TMP/date.jsonl")" 1
eq "令和99年13月45日: not a date" "$(field "$TMP/date.jsonl" published)" null
dated '2023年2月30日' "$TMP/date2.txt"
"$JIKENBO" extract "$TMP/date2.txt" >"$TMP/date2.jsonl" 2>/dev/null
eq "2023年2月30日: not a date" "$(field "$TMP/date2.jsonl" published)" null
dated '令和5年7月14日' "$TMP/date3.txt"
"$JIKENBO" extract "$TMP/date3.txt" >"$TMP/date3.jsonl" 2>/dev/null
eq "令和5年7月14日 in the same place reads as a date" "$(field "$TMP/date3.jsonl" published)" '"2023-07-14"'

# ---- the XSS polyglot ---------------------------------------------------------------
POLY=$(polyglot)
[ -n "$POLY" ] && pass || failmsg "the polyglot line is in seeds/001"
{ printf '【セキュリティ事件簿#2031-010】株式会社%s 個人情報の漏えい\n2031年4月1日\n' "$POLY"; printf '<script>alert(1)</script>顧客5名の氏名が流出しました。\n'; } >"$TMP/xss.txt"
"$JIKENBO" extract --text "$TMP/xss.txt" >"$TMP/xss.jsonl" 2>/dev/null
ok "XSS polyglot: valid JSON" json_lines_ok "$TMP/xss.jsonl"
title=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["title"])' "$TMP/xss.jsonl")
has "XSS polyglot: kept as text in the title" "$title" "$POLY"
text=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["text"], end="")' "$TMP/xss.jsonl")
has "XSS polyglot: <script> kept as text" "$text" "<script>alert(1)</script>"
ingest_sound "$TMP/xss.txt" "XSS polyglot"
"$JIKENBO" show --db "$DB" --json 2031-010 >"$TMP/show.json" 2>/dev/null
ok "XSS polyglot: show --json is valid JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/show.json"
has "XSS polyglot: show keeps it as text" "$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False))' "$TMP/show.json")" "alert()"

# ---- SQL metacharacters in every search field --------------------------------------------
"$JIKENBO" ingest --db "$DB" "$(dirname "$0")"/../../samples/*.txt >/dev/null 2>&1
before=$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM incidents)||","||(SELECT count(*) FROM notices)')
payloads=("'" "' OR '1'='1" "') OR 1=1 --" '"; DROP TABLE incidents; --' "%_\\" '*' 'NEAR(a b)' 'a OR' '^漏' '{a}:x' "漏'え")
# 0 (ran) or 2 (a value a filter refuses, with a message); never 1, and
# never a database error shown.
sql_ok() {
  local name=$1; shift
  "$@" >"$TMP/.s" 2>&1
  local rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then failmsg "$name" "exit $rc: $(head -c 300 "$TMP/.s")"
  elif grep -qiE 'sql|syntax error|fts5|malformed' "$TMP/.s"; then failmsg "$name: database error shown" "$(head -c 300 "$TMP/.s")"
  else pass; fi
}
for p in "${payloads[@]}"; do
  # Free-text fields all at once; each validated filter alone (these
  # refuse the value before any SQL; fuzz_query covers them in depth).
  sql_ok "search words+org+product+incident '$p'" "$JIKENBO" search --db "$DB" --org "$p" --product "$p" --incident "$p" -- "$p"
  sql_ok "search org:/product:/incident: '$p'" "$JIKENBO" search --db "$DB" -- "org:\"$p\"" "product:$p" "incident:$p"
  for opt in --category --since --type --reported --card --sort --limit; do
    sql_ok "search $opt '$p'" "$JIKENBO" search --db "$DB" "$opt" "$p"
  done
  sql_ok "stats --org '$p'" "$JIKENBO" stats --db "$DB" --org "$p" --product "$p"
  sql_ok "export --org '$p'" "$JIKENBO" export --db "$DB" -f jsonl --org "$p" --product "$p"
done
eq "SQL metacharacters: nothing changed" "$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM incidents)||","||(SELECT count(*) FROM notices)')" "$before"
eq "SQL metacharacters: database intact" "$(integrity)" ok
out=$("$JIKENBO" search --db "$DB" --json "--org=O'Reilly" 2>&1)
has "a quote in a value is searched for, not parsed" "$out" '"total"'

# ---- path traversal in file and URL parameters ------------------------------------------------
# Files on the command line are the user's own: read as given, and a
# name that is not a readable file is an error naming it.
fails "missing file: error" "$JIKENBO" extract "$TMP/../no/such/../file.txt"
has "missing file: error names it" "$(cat "$TMP/.out")" "no/such/../file.txt"
fails "a directory: error" "$JIKENBO" extract "$TMP"
has "a directory: says what to give" "$(cat "$TMP/.out")" "is a directory"
# extract reads PDFs and HTML as ingest does: a cut PDF or a feed is a
# clear error, the other files still read.
printf '%%PDF-1.5\n1 0 obj << /Type /Catalog' >"$TMP/cut.pdf"
fails "extract: a truncated PDF is an error" "$JIKENBO" extract "$TMP/cut.pdf" "$TMP/small.txt"
has "extract: truncated PDF: says so" "$(cat "$TMP/.out")" "truncated or damaged"
has "extract: the next file is still read" "$(cat "$TMP/.out")" '"affected":'
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>' >"$TMP/feed.xml"
fails "extract: a feed is refused" "$JIKENBO" extract "$TMP/feed.xml"
has "extract: a feed: says what reads it" "$(cat "$TMP/.out")" "jikenbo ingest"
# URLs: only http(s) is fetched; other schemes are not read as files.
fails "file:// URL is not fetched" "$JIKENBO" ingest --db "$DB" "file:///etc/passwd"
hasnt "file:// URL: /etc/passwd not read" "$("$JIKENBO" export --db "$DB" -f jsonl 2>/dev/null)" "root:x:0:0"
# -o: the export replaces the named file only when it succeeds.
printf 'keep\n' >"$TMP/keep.txt"
"$JIKENBO" export --db "$TMP/no-such.db" -f jsonl -o "$TMP/keep.txt" >/dev/null 2>&1
eq "-o: a failed export leaves the file as it was" "$(cat "$TMP/keep.txt")" keep

# ---- other classes --------------------------------------------------------------------------
printf '\xef\xbb\xbf' >"$TMP/bom.txt"; cat "$TMP/small.txt" >>"$TMP/bom.txt"
sed 's/$/\r/' "$TMP/small.txt" >"$TMP/crlf.txt"
"$JIKENBO" extract --no-evidence "$TMP/small.txt" 2>/dev/null | sed 's/"file":"[^"]*"//' >"$TMP/a.json"
"$JIKENBO" extract --no-evidence "$TMP/bom.txt" 2>/dev/null | sed 's/"file":"[^"]*"//' >"$TMP/b.json"
"$JIKENBO" extract --no-evidence "$TMP/crlf.txt" 2>/dev/null | sed 's/"file":"[^"]*"//' >"$TMP/c.json"
eq "BOM: same record as without" "$(cat "$TMP/b.json")" "$(cat "$TMP/a.json")"
eq "CRLF: same record as LF" "$(cat "$TMP/c.json")" "$(cat "$TMP/a.json")"
head -c 300000 "$JIKENBO" >"$TMP/binary.dat"
"$JIKENBO" extract "$TMP/binary.dat" >"$TMP/bin.jsonl" 2>"$TMP/err"
eq "binary file: no record" "$(wc -l <"$TMP/bin.jsonl")" 0
has "binary file: an error naming it" "$(cat "$TMP/err")" "binary.dat: a binary file"
# Invalid UTF-8 all through a file that is not binary: warnings capped.
head -c 300000 "$JIKENBO" | tr '\000' 'x' >"$TMP/garbage.txt"
"$JIKENBO" extract "$TMP/garbage.txt" >/dev/null 2>"$TMP/err"
ok "garbage text: at most a screenful of warnings ($(wc -l <"$TMP/err") lines)" test "$(wc -l <"$TMP/err")" -le 30
has "garbage text: the rest counted" "$(tail -n 1 "$TMP/err")" "more warnings not shown"
ingest_sound "$TMP/binary.dat" "binary file"
has "binary file: ingest says binary" "$(cat "$TMP/.ing")" "binary file"
finish
