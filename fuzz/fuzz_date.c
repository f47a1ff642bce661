/*
** fuzz_date.c — libFuzzer target for jk_parse_date (extract_date.c).
**
** Promises checked: no read past len, at most len bytes consumed, and a
** parsed date is a real one: year 1900..2100 (or the context year, or 0
** when none was given), month 1..12 or unset, day valid for that month
** (no 令和99年13月45日, no 2月30日) and set only with a month.  A full
** date written as ISO and parsed back gives the same date.  The context
** year comes from the last byte of the input.
**
** fuzz-seeds: snippets own
** fuzz-dict: date
** fuzz-max-len: 256
*/
#include "fuzz.h"

static int date_days_in(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

int fuzz_date(const uint8_t *data, size_t size) {
  fz_in in = {data, size};
  unsigned yb = fz_take_byte(&in);
  int ctx_year = yb < 64 ? 0 : yb < 128 ? 2023 : 1900 + (int)yb % 201;
  size_t n = in.n;
  char *p = malloc(n ? n : 1);
  if (!p) return 0;
  if (n) memcpy(p, in.p, n);
  jk_date d = {-1, -1, -1};
  size_t k = jk_parse_date(p, n, ctx_year, &d);
  FZ_CHECK(k <= n);
  if (k > 0) {
    FZ_CHECK(d.y == 0 || (d.y >= 1900 && d.y <= 2100) || d.y == ctx_year);
    FZ_CHECK(d.m >= 0 && d.m <= 12);
    FZ_CHECK(d.d >= 0 && d.d <= 31);
    if (d.d) FZ_CHECK(d.m >= 1);
    if (d.m >= 1 && d.m <= 12 && d.d) FZ_CHECK(d.d <= date_days_in(d.y ? d.y : 2001, d.m));
    if (d.y == 0) FZ_CHECK(ctx_year == 0);
    if (fz_valid_utf8(p, n)) FZ_CHECK(fz_cp_boundary(p, n, k));
    if (d.y >= 1900 && d.m >= 1 && d.m <= 12) {
      char iso[16];
      jk_date back = {0, 0, 0};
      jk_date_format(d, iso, sizeof iso);
      FZ_CHECK(jk_date_parse_iso(iso, &back) == 0);
      FZ_CHECK(back.y == d.y && back.m == d.m && back.d == d.d);
    }
  }
  free(p);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_date(data, size); }
#endif
