#!/usr/bin/env bash
# bench/extract_text.sh — jikenbo's PDF and HTML text extraction against
# the tools that do the same heavy work, on the same files, in one run:
#
#   PDF   bench/extract_text pdf  (jk_pdf_to_text, poppler-glib)
#         vs  pdftotext FILE /dev/null        (poppler's own tool)
#   HTML  bench/extract_text html (jk_html_to_text: parse, choose the main
#         content, walk, write text)
#         vs  xmllint --html --noout FILES    (libxml2's parse alone)
#
#   bench/extract_text.sh [--quick]     (--quick: fewer pages, seconds)
#
# Inputs are generated here: a PDF of fictional Japanese notices (cairo +
# Noto CJK, tests/web/make_pdfs.py) and HTML pages built from the
# fixtures in tests/fixtures/web (chrome, tables, lists).  Each command
# runs 3 times; the figure is the least CPU time (user+sys of the whole
# process, start-up included for both sides).  Target: jikenbo within
# 1.5x of the baseline tool's time.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PAGES=1000 HTML_PAGES=1200
[ "${1:-}" = --quick ] && PAGES=60 HTML_PAGES=40
OUT=${JK_BENCH_OUT:-bench/out}/extract_text
mkdir -p "$OUT"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
for tool in pdftotext xmllint; do
  command -v $tool >/dev/null || { echo "bench/extract_text.sh: $tool missing (scripts/install-deps)" >&2; exit 1; }
done
make -s BUILD="$BUILD" "$BUILD/bench/extract_text" >"$OUT/log" 2>&1 || { cat "$OUT/log" >&2; exit 1; }
X=$BUILD/bench/extract_text

# ---- inputs -------------------------------------------------------------------
[ -f "$OUT/pdf-$PAGES/bench.pdf" ] || "$PY" tests/web/make_pdfs.py "$OUT/pdf-$PAGES" --bench "$PAGES"
PDF=$OUT/pdf-$PAGES/bench.pdf
HTML_DIR=$OUT/html-$HTML_PAGES
if [ ! -d "$HTML_DIR" ]; then
  mkdir -p "$HTML_DIR.tmp"
  "$PY" - "$HTML_DIR.tmp" "$HTML_PAGES" tests/fixtures/web <<'EOF'
import os, sys
out, n, fix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
chrome = open(os.path.join(fix, "chrome-heavy.html"), encoding="utf-8").read()
notice = open(os.path.join(fix, "notice-utf8.html"), encoding="utf-8").read()
for i in range(n):
    page = chrome if i % 2 else notice
    # a longer body: the notice's paragraphs again, numbered
    extra = "".join(f"<p>第{i}-{k}項 当社は調査を継続し、判明した事実を順次お知らせいたします。対象のお客様には個別にご連絡いたします。</p>\n"
                    f"<table><tr><td>項目{k}</td><td>{k * 37}件</td></tr></table>\n" for k in range(60))
    page = page.replace("</main>", extra + "</main>") if "</main>" in page else page.replace('<div class="l-side">', extra + '<div class="l-side">')
    open(os.path.join(out, f"page-{i:05d}.html"), "w", encoding="utf-8").write(page)
EOF
  mv "$HTML_DIR.tmp" "$HTML_DIR"
fi
html=("$HTML_DIR"/*.html)
PDF_BYTES=$(stat -c %s "$PDF")
HTML_BYTES=$(cat "${html[@]}" | wc -c)

# best_cpu CMD... : least user+sys seconds of 3 runs (stdout to /dev/null)
best_cpu() {
  local best=
  for _ in 1 2 3; do
    local t
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%U %S' -o "$OUT/time" "$@" >/dev/null 2>>"$OUT/log"
      t=$(tail -n 1 "$OUT/time" | awk '{ printf "%.3f", $1 + $2 }')
    else
      local TIMEFORMAT='%U %S'
      t=$({ time "$@" >/dev/null 2>>"$OUT/log"; } 2>&1 | awk '{ printf "%.3f", $1 + $2 }')
    fi
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}
rate() { awk -v x="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.1f", x / t; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
within() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > 0 && a / b <= 1.5) ? "yes" : "NO" }'; }
row() { printf '%-34s %9s %9s %9s %9s  %s\n' "$@"; }

J_PDF=$(best_cpu "$X" pdf "$PDF")
B_PDF=$(best_cpu pdftotext "$PDF" -)
J_HTML=$(best_cpu "$X" html "${html[@]}")
B_HTML=$(best_cpu xmllint --html --noout --nonet "${html[@]}")

MB_PDF=$(awk -v b="$PDF_BYTES" 'BEGIN { printf "%.2f", b / 1e6 }')
MB_HTML=$(awk -v b="$HTML_BYTES" 'BEGIN { printf "%.2f", b / 1e6 }')
echo "text extraction: $PAGES PDF pages ($MB_PDF MB), $HTML_PAGES HTML pages ($MB_HTML MB); CPU s, best of 3; MB = 10^6 bytes"
row "" "cpu s" "pages/s" "MB/s" "vs tool" "within 1.5x"
row "PDF  jikenbo (jk_pdf_to_text)" "$J_PDF" "$(rate "$PAGES" "$J_PDF")" "$(rate "$MB_PDF" "$J_PDF")" "$(ratio "$J_PDF" "$B_PDF")" "$(within "$J_PDF" "$B_PDF")"
row "PDF  pdftotext" "$B_PDF" "$(rate "$PAGES" "$B_PDF")" "$(rate "$MB_PDF" "$B_PDF")" "1.00x" ""
row "HTML jikenbo (jk_html_to_text)" "$J_HTML" "$(rate "$HTML_PAGES" "$J_HTML")" "$(rate "$MB_HTML" "$J_HTML")" "$(ratio "$J_HTML" "$B_HTML")" "$(within "$J_HTML" "$B_HTML")"
row "HTML xmllint --html --noout" "$B_HTML" "$(rate "$HTML_PAGES" "$B_HTML")" "$(rate "$MB_HTML" "$B_HTML")" "1.00x" ""
