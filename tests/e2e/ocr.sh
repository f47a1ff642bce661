# ocr.sh — OCR of scanned PDFs and image files, end to end: one fictional
# notice drawn at test time (tests/ocr/draw.py) as text, as horizontal and
# vertical images, as image-only PDFs and as a PDF whose second page is an
# image.  The facts extracted from every image form must equal those of
# the text; the provenance says OCR read it; bombs and damaged images are
# refused fast with a clear error and nothing stored.
source "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
F=$TMP/f
if ! "$PY" "$ROOT/tests/ocr/draw.py" "$F" 2>"$TMP/draw.err"; then
  failmsg "draw the OCR fixtures" "$(head -3 "$TMP/draw.err") (install python3-cairo fonts-noto-cjk)"
  finish
fi
export OMP_THREAD_LIMIT=1
export JIKENBO_DB=$TMP/ocr.db
J=$JIKENBO
q() { sqlite3 "$JIKENBO_DB" "$1"; }
docs() { q "SELECT count(*) FROM documents"; }
run() { "$@" >"$TMP/o" 2>"$TMP/e"; echo $? >"$TMP/rc"; }
rc() { cat "$TMP/rc"; }
out() { cat "$TMP/o" "$TMP/e"; }
# The facts of extract's first record, one line: org, count, data kinds,
# authorities, date, category.
facts() {
  "$J" extract "$1" 2>/dev/null | "$PY" -c 'import json,sys
r=json.loads(sys.stdin.readline())
print(r["org"], r["affected"], ",".join(r["data_types"]), ",".join(r["reported_to"]), r["published"], r["category"])'
}

# ---- the facts equal the text version's ------------------------------------------
want=$(facts "$F/notice.txt")
eq "text version: the facts of the notice" "$want" "株式会社ハヤブサ物流 128 address,name,phone ppc 2025-03-14 loss"
for f in h.pdf v.pdf mixed.pdf h.png v.png; do
  eq "$f: facts equal the text version's" "$(facts "$F/$f")" "$want"
done

# ---- ingest: provenance, show, JSON ----------------------------------------------
run "$J" ingest "$F/h.pdf"
eq "image pdf: exit 0" "$(rc)" 0
has "image pdf: says OCR read it" "$(out)" "1 of 1 page without a text layer read by OCR (tesseract"
has "image pdf: a notice stored" "$(out)" "1 notice stored"
prov=$(q "SELECT ocr FROM documents WHERE source='$F/h.pdf'")
ocr_field() { printf '%s' "$1" | "$PY" -c "import json,sys; o=json.load(sys.stdin); print($2)"; }
eq "provenance: ocr true, engine, lang" "$(ocr_field "$prov" 'o["ocr"], o["engine"].split()[0], o["lang"]')" "True tesseract jpn+jpn_vert"
eq "provenance: page 1 at 300 dpi, horizontal" "$(ocr_field "$prov" '[(p["page"], p["dpi"], p["vertical"]) for p in o["pages"]]')" "[(1, 300, False)]"
eq "provenance: a confidence over 0.8" "$(ocr_field "$prov" 'o["confidence"] > 0.8 and o["confidence"] <= 1')" "True"
inc=$("$J" search ハヤブサ物流 --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["incident"])')
show=$("$J" show "$inc" 2>&1)
has "show: says the text was read by OCR" "$show" "read by OCR (tesseract"
has "show: with its confidence" "$show" "confidence 0."
"$J" show "$inc" --json >"$TMP/show.json"
eq "show --json: the report carries its OCR provenance" \
  "$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["reports"][0]; print(r["ocr"]["ocr"], r["ocr"]["pages"][0]["page"])' "$TMP/show.json")" \
  "True 1"
# Evidence spans point into the OCR text.
eq "evidence: the span of the count is in the stored OCR text" \
  "$("$PY" -c 'import json,sys
r=json.load(open(sys.argv[1]))["reports"][0]["record"]
t=r["text"].encode(); e=r["evidence"]["affected"]
print(t[e["start"]:e["end"]].decode() == e["text"], e["text"])' "$TMP/show.json")" "True 128件"
run "$J" ingest "$F/v.pdf"
eq "vertical pdf: exit 0" "$(rc)" 0
eq "vertical pdf: provenance says vertical" \
  "$(ocr_field "$(q "SELECT ocr FROM documents WHERE source='$F/v.pdf'")" 'o["pages"][0]["vertical"]')" "True"
run "$J" ingest "$F/mixed.pdf"
eq "mixed pdf: exit 0" "$(rc)" 0
has "mixed pdf: only the page without text read" "$(out)" "1 of 2 pages without a text layer read by OCR"
eq "mixed pdf: provenance names page 2 only" \
  "$(ocr_field "$(q "SELECT ocr FROM documents WHERE source='$F/mixed.pdf'")" '[p["page"] for p in o["pages"]]')" "[2]"
run "$J" ingest "$F/h.png"
eq "png: exit 0" "$(rc)" 0
eq "png: stored as an image with its bytes" "$(jk_sql "$JIKENBO_DB" "SELECT kind, length(jk_unpack(raw)) FROM documents WHERE source='$F/h.png'")" \
  "image|$(stat -c %s "$F/h.png")"
run "$J" ingest "$F/notice.txt"
eq "text version: no OCR provenance" "$(q "SELECT ocr IS NULL FROM documents WHERE source='$F/notice.txt'")" "1"
"$PY" -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.stdout.buffer.write(d)' "$F/v.png" | run "$J" ingest -v -
eq "stdin png: exit 0" "$(rc)" 0
has "stdin png: read by OCR" "$(out)" "(stdin): image read by OCR, 1 page"

# ---- bombs and damaged images: refused, fast, nothing stored -----------------------
n=$(docs)
bomb() { # NAME FILE MESSAGE
  local t0 t1
  t0=$(date +%s%N)
  run "$J" ingest "$F/$2"
  t1=$(date +%s%N)
  eq "$1: exit 1" "$(rc)" 1
  has "$1: clear error" "$(out)" "$3"
  eq "$1: refused in under 5 s" "$(( (t1 - t0) / 1000000000 < 5 ))" 1
}
bomb "page of 14400 pt" big_page.pdf "page 1 is 14400x14400 pt: over 40 Mpx even at 100 dpi"
bomb "51 pages without text" many_pages.pdf "PDF of 51 pages without text is over the 50 pages OCR reads"
bomb "pages of 680 Mpx in all" doc_pixels.pdf "are over the 500 Mpx OCR reads in one document"
bomb "an image of 40000x40000 on a page" image_bomb.pdf "PDF images of 1600 Mpx in all are over the 1500 Mpx OCR decodes"
bomb "PNG of 100000x100000" huge.png "PNG of 100000x100000 pixels (10000 Mpx) is over the 40 Mpx"
bomb "truncated PNG" truncated.png "not a readable image: truncated PNG: chunk IDAT"
bomb "garbage after a PNG signature" garbage.png "not a readable image: "
bomb "script markup after a PNG signature" script.png "not a readable image"
hasnt "damaged PNG: libpng prints nothing of its own" "$(out)" "libpng error"
: >"$TMP/empty.png"
run "$J" ingest "$TMP/empty.png"
eq "empty .png: exit 1" "$(rc)" 1
has "empty .png: clear" "$(out)" "not a PNG, JPEG or TIFF image"
printf '\x89PNG\r\n\x1a\n\xff\xfe\xc0\xafinvalid utf-8\x80' >"$TMP/bad.png"
run "$J" ingest "$TMP/bad.png"
eq "invalid bytes after a PNG signature: exit 1" "$(rc)" 1
eq "nothing stored from any of them" "$(docs)" "$n"
run "$J" extract "$F/huge.png"
eq "extract of a PNG bomb: exit 1" "$(rc)" 1
has "extract of a PNG bomb: clear" "$(out)" "over the 40 Mpx read by OCR on one page"

# ---- JIKENBO_OCR=off -----------------------------------------------------------
export JIKENBO_DB=$TMP/off.db
JIKENBO_OCR=off run "$J" ingest "$F/h.pdf"
eq "ocr off: a scan stored" "$(rc)" 0
has "ocr off: the no-text warning" "$(out)" "no text layer (scanned?): stored without text, run OCR"
eq "ocr off: no notice, no provenance" "$(q "SELECT count(*) FROM notices"),$(q "SELECT count(*) FROM documents WHERE ocr IS NOT NULL")" "0,0"
JIKENBO_OCR=off run "$J" ingest "$F/h.png"
eq "ocr off: an image refused" "$(rc)" 1
has "ocr off: says why" "$(out)" "an image, and OCR is off (JIKENBO_OCR=off): not stored"
JIKENBO_OCR=off run "$J" ingest "$F/many_pages.pdf"
eq "ocr off: no page bound (nothing rendered)" "$(rc)" 0
JIKENBO_OCR=off run "$J" ingest "$F/image_bomb.pdf"
eq "ocr off: no image bound (nothing decoded)" "$(rc)" 0

# ---- the API: an image posted is read by OCR ---------------------------------------
export JIKENBO_DB=$TMP/api.db
"$J" ingest "$F/notice.txt" >/dev/null 2>&1
TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$TOKEN" >"$TMP/token"
"$J" serve --db "$JIKENBO_DB" --listen 127.0.0.1:0 --token-file "$TMP/token" >"$TMP/srv.out" 2>"$TMP/srv.log" &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$TMP"' EXIT
URL=
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/srv.out" 2>/dev/null | head -n 1)
  [ -n "$URL" ] && break
  kill -0 "$SRV" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$URL" ]; then
  failmsg "server started" "$(cat "$TMP/srv.log")"
else
  c=$(curl -s -o "$TMP/post" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: image/png' --data-binary @"$F/h.png" "${URL}api/notices")
  eq "POST image/png: 201" "$c" 201
  id=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["segments"][0]["incident"])' "$TMP/post" 2>/dev/null)
  c=$(curl -s -o "$TMP/inc" -w '%{http_code}' "${URL}api/incidents/$id")
  eq "GET the incident: 200" "$c" 200
  eq "API: the report carries its OCR provenance" \
    "$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["reports"][0]; print(r["ocr"]["ocr"], r["ocr"]["engine"].split()[0])' "$TMP/inc" 2>&1)" \
    "True tesseract"
  c=$(curl -s -o "$TMP/post" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: image/png' --data-binary @"$F/huge.png" "${URL}api/notices")
  eq "POST a PNG bomb: 413" "$c" 413
  has "POST a PNG bomb: says why" "$(cat "$TMP/post")" "over the 40 Mpx"
fi
finish
