# store_hostile.sh — bad input to `jikenbo ingest`: empty, binary, invalid
# UTF-8, not a notice, a notice with no date or count, stdin, the XSS
# polyglot, and a 200 MB file (memory must stay bounded).  Each gives a
# warning or an error naming the file and the place, never a crash, and
# nothing stored before is lost.
source "$(dirname "$0")/../lib.sh"

export JIKENBO_DB="$TMP/h.db"
seeds=("$JK_SHARED"/seeds/*.txt)
ok "a casebook to keep" "$JIKENBO" ingest "${seeds[1]}"
before=$(sqlite3 "$JIKENBO_DB" "SELECT count(*) FROM notices WHERE record IS NOT NULL")
notices() { sqlite3 "$JIKENBO_DB" "SELECT count(*) FROM notices WHERE record IS NOT NULL"; }

# Empty file: a warning, exit 0.
: >"$TMP/empty.txt"
ok "empty file is read" "$JIKENBO" ingest "$TMP/empty.txt"
has "empty file: warning with file and line" "$(cat "$TMP/.out")" "empty.txt:1: warning: empty file"

# Binary file: refused with the offset of the NUL, others still stored.
cp /bin/true "$TMP/true.bin"
printf '【セキュリティ事件簿#2031-801】株式会社テスト 誤送信のお詫び\n2031年2月1日\n顧客12名のメールアドレスが漏洩しました。\n' >"$TMP/good.txt"
"$JIKENBO" ingest "$TMP/true.bin" "$TMP/good.txt" >"$TMP/.out" 2>&1
eq "binary file: exit 1" "$?" "1"
has "binary file: named, with the offset" "$(cat "$TMP/.out")" "true.bin: binary file (NUL byte at offset"
has "binary file: summary says it failed" "$(cat "$TMP/.out")" "1 file failed"
eq "binary file: the good file is stored" "$(notices)" "$((before + 1))"

# Invalid UTF-8: warnings naming line and byte, the notice is stored.
printf '【セキュリティ事件簿#2031-802】株式会社テスト 紛失のお知らせ\n2031年3月1日\n書類\xff\xfeを紛失\xc3しました。\n' >"$TMP/bad-utf8.txt"
ok "invalid UTF-8 is read" "$JIKENBO" ingest "$TMP/bad-utf8.txt"
has "invalid UTF-8: file, line and byte" "$(cat "$TMP/.out")" "bad-utf8.txt:3: warning (byte"
eq "invalid UTF-8: notice stored" "$(notices)" "$((before + 2))"
has "invalid UTF-8: searchable" "$("$JIKENBO" search 紛失 --incident 2031-802)" "2031-802"

# A file that is not a notice: kept, with a warning.
printf '旅行記\n\n京都で紅葉を見ました。湯豆腐がおいしかったです。\n写真は後日載せます。\n' >"$TMP/diary.txt"
ok "not a notice is read" "$JIKENBO" ingest "$TMP/diary.txt"
has "not a notice: warning names the file" "$(cat "$TMP/.out")" "diary.txt:1: warning: no notice found (1 other post kept"
eq "not a notice: kept as another post" "$(jk_sql "$JIKENBO_DB" "SELECT count(*) FROM notices WHERE is_notice=0 AND jk_unpack_text(text) LIKE '%湯豆腐%'")" "1"

# A notice with no date and no count: stored as not stated, said so.
printf '【セキュリティ事件簿#2031-803】株式会社ナシデータ 不正アクセスについて\n当社サーバーが不正アクセスを受けました。詳細は調査中です。\n' >"$TMP/nodate.txt"
ok "no date, no count: read" "$JIKENBO" ingest -v "$TMP/nodate.txt"
has "no date, no count: named" "$(cat "$TMP/.out")" "nodate.txt:1: note: the notice states no date and no head-count"
"$JIKENBO" show 2031-803 --json | python3 -c '
import json,sys
s=json.load(sys.stdin)["summary"]
assert s["published"] is None and s["affected"] is None, s' && pass || failmsg "no date, no count: not stated, not zero"

# stdin, and the XSS polyglot line of the seeds (read at run time).
poly=$(grep -m1 -o 'jaVasCript:.*' "$JK_SHARED"/seeds/001_*.txt)
[ -n "$poly" ] && pass || failmsg "the polyglot line is in the seeds"
printf '【セキュリティ事件簿#2031-804】株式会社ポリグロット 改ざんのお知らせ\n2031年4月1日\n%s\n<script>alert(1)</script> が埋め込まれていました。\n' "$poly" |
  "$JIKENBO" ingest - >"$TMP/.out" 2>&1
eq "stdin: exit 0" "$?" "0"
out=$("$JIKENBO" show 2031-804 --text)
has "polyglot kept verbatim" "$out" "$poly"
has "script text kept verbatim" "$out" "<script>alert(1)</script>"
has "polyglot searchable" "$("$JIKENBO" search javascript --json)" "2031-804"
has "stdin is named" "$("$JIKENBO" show 2031-804)" "(stdin)"

# Not a file at all.
fails "a directory is refused" "$JIKENBO" ingest "$TMP"
has "a directory: what to do" "$(cat "$TMP/.out")" "is a directory"
fails "a missing file is refused" "$JIKENBO" ingest "$TMP/nope.txt"
has "a missing file: named" "$(cat "$TMP/.out")" "nope.txt: cannot open"

# 200 MB: a fictional notice with a long appendix, repeated; then 10 MB
# with no heading (one segment over the 8 MB limit: cut, with a warning).
block="$(printf '【セキュリティ事件簿#2031-900】株式会社テストデータ 書類紛失のお知らせ\n2031年1月15日\n約1,200名分の氏名と住所を含む書類を紛失しました。\n')"
for i in $(seq 1 60); do block="$block
appendix $i: 10.0.0.$i - - [15/Jan/2031:10:00:00 +0900] \"GET /notice/$i HTTP/1.1\" 200 1024 padding padding padding padding"; done
yes "$block" | head -c 190000000 >"$TMP/big.txt"
yes 'appendix without a heading: 0123456789 abcdefghijklmnopqrstuvwxyz 0123456789 abcdefghijklmnopqrstuvwxyz' |
  head -c 10000000 >>"$TMP/big.txt"
size=$(stat -c %s "$TMP/big.txt")
[ "$size" -ge 200000000 ] && pass || failmsg "the big file is 200 MB" "$size"
rss=$(ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16" python3 -c '
import resource,subprocess,sys
p=subprocess.run(sys.argv[1:],stdout=open(sys.argv[-1]+".out","w"),stderr=subprocess.STDOUT)
print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$JIKENBO" ingest "$TMP/big.txt")
eq "200 MB: exit 0" "${rss%% *}" "0"
mb=${rss##* }
[ "$mb" -lt 190 ] && pass || failmsg "200 MB: peak RSS below the file size (streaming)" "${mb} MB"
echo "200 MB ingest: peak RSS ${mb} MB"
out=$(cat "$TMP/big.txt.out")
has "200 MB: repeats counted as duplicates" "$out" "duplicates (already stored)"
has "200 MB: the cut is named" "$out" "big.txt:"
has "200 MB: the cut is explained" "$out" "was cut here"
eq "nothing stored before is lost" "$(sqlite3 "$JIKENBO_DB" "SELECT count(*) >= $before + 4 FROM notices WHERE record IS NOT NULL")" "1"
ok "the database is sound" sqlite3 "$JIKENBO_DB" "PRAGMA integrity_check"
has "integrity: ok" "$(cat "$TMP/.out")" "ok"
finish
