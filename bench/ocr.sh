#!/usr/bin/env bash
# bench/ocr.sh — pages per second of jikenbo's OCR (lib/ocr.c, Tesseract's
# C API) against the `tesseract` command on the same pages, in one run.
#
#   bench/ocr.sh [--quick] [PAGES]     (default 12 pages; --quick 4)
#
# Pages: the fictional notice of tests/ocr/draw.py at 300 dpi A4, half
# horizontal, half vertical, as PNG files (2480 x 3508 grey pixels).  Each
# side reads every page in one process, models loaded once:
#
#   jikenbo extract P1.png … PN.png            (languages jpn+jpn_vert, PSM_AUTO)
#   tesseract LIST - -l jpn+jpn_vert           (LIST names the same files)
#
# both with one OpenMP thread (jikenbo's default; OMP_THREAD_LIMIT=1 for
# the command) and both with OpenMP's default threads (JIKENBO_OCR_THREADS=0,
# no OMP_THREAD_LIMIT).  Also jikenbo on the same pages as one image-only
# PDF (poppler renders each page at 300 dpi first), and per page the
# command run once a page (what a shell loop does).  Figures: pages/s of
# wall time and of CPU time (user+sys), the best of 2 runs.  Printed, not a
# test: the machine is shared, wall time counts waiting for a core.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PAGES=12
[ "${1:-}" = --quick ] && { PAGES=4; shift; }
[ -n "${1:-}" ] && PAGES=$1
OUT=${JK_BENCH_OUT:-bench/out}/ocr
mkdir -p "$OUT"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
command -v tesseract >/dev/null || { echo "bench/ocr.sh: tesseract missing (scripts/install-deps)" >&2; exit 1; }
make -s BUILD="$BUILD" "$BUILD/jikenbo" >"$OUT/log" 2>&1 || { cat "$OUT/log" >&2; exit 1; }
J=$BUILD/jikenbo

# ---- pages ----------------------------------------------------------------------
[ -f "$OUT/fix/h.png" ] || "$PY" tests/ocr/draw.py "$OUT/fix" >/dev/null
rm -f "$OUT"/p*.png "$OUT/list"
files=()
for i in $(seq 1 "$PAGES"); do
  if [ $((i % 2)) = 1 ]; then src=h; else src=v; fi
  cp "$OUT/fix/$src.png" "$OUT/p$i.png"
  files+=("$OUT/p$i.png")
  echo "$OUT/p$i.png" >>"$OUT/list"
done
"$PY" - "$OUT/pages.pdf" "${files[@]}" <<'EOF'
import sys, cairo
surf = cairo.PDFSurface(sys.argv[1], 595, 842)
ctx = cairo.Context(surf)
for f in sys.argv[2:]:
    img = cairo.ImageSurface.create_from_png(f)
    ctx.save(); ctx.scale(595 / img.get_width(), 842 / img.get_height())
    ctx.set_source_surface(img, 0, 0); ctx.paint(); ctx.restore(); ctx.show_page()
surf.finish()
EOF

# ---- timing ---------------------------------------------------------------------
# best WALL CPU of 2 runs of a command (seconds)
best() {
  local bw= bc=
  for _ in 1 2; do
    /usr/bin/time -f '%e %U %S' -o "$OUT/t" "$@" >"$OUT/out" 2>>"$OUT/log"
    read -r w u s <"$OUT/t"
    c=$(echo "$u + $s" | bc -l)
    if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc -l)" = 1 ]; then bw=$w; fi
    if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc -l)" = 1 ]; then bc=$c; fi
  done
  echo "$bw $bc"
}
printf 'for f in "$@"; do tesseract "$f" - -l jpn+jpn_vert 2>/dev/null; done\n' >"$OUT/per_page.sh"
row() { # LABEL WALL CPU
  printf '%-52s %8.2f %8.2f %10.2f %10.2f\n' "$1" "$2" "$3" "$(echo "$PAGES / $2" | bc -l)" "$(echo "$PAGES / $3" | bc -l)"
}
check_text() { grep -q 'ハヤブサ物流' "$OUT/out" || echo "  (warning: the output of the last command lacks the notice's text)"; }

echo "OCR: $PAGES pages of 2480x3508 pixels (half vertical), languages jpn+jpn_vert, $(tesseract --version 2>&1 | head -1)"
printf '%-52s %8s %8s %10s %10s\n' "" "wall s" "cpu s" "pages/s" "pages/cpu-s"
read -r w c < <(JIKENBO_OCR_THREADS=1 best "$J" extract "${files[@]}"); row "jikenbo extract PNGs, 1 thread" "$w" "$c"; check_text
read -r w c < <(OMP_THREAD_LIMIT=1 best tesseract "$OUT/list" - -l jpn+jpn_vert); row "tesseract LIST, OMP_THREAD_LIMIT=1" "$w" "$c"; check_text
read -r w c < <(JIKENBO_OCR_THREADS=0 best "$J" extract "${files[@]}"); row "jikenbo extract PNGs, OpenMP default threads" "$w" "$c"
read -r w c < <(best tesseract "$OUT/list" - -l jpn+jpn_vert); row "tesseract LIST, OpenMP default threads" "$w" "$c"
read -r w c < <(JIKENBO_OCR_THREADS=1 best "$J" extract "$OUT/pages.pdf"); row "jikenbo extract image PDF (render + OCR), 1 thread" "$w" "$c"; check_text
read -r w c < <(OMP_THREAD_LIMIT=1 best bash "$OUT/per_page.sh" "${files[@]}"); row "tesseract FILE, one process a page, 1 thread" "$w" "$c"
