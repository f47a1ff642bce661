/*
** extract_date.c — dates as Japanese notices print them.
**
** 2023年7月12日, 2023 年 7 月 5 日, 2023年07月12日, 令和5年7月14日,
** 令和元年, 平成31年, '20年9月3日, 2023/7/18, 2023-07-18, 2023.7.18,
** 令和七年五月二十日, 2025年(令和7年)5月20日, 令和7年(2025年)5月20日,
** 7月18日 and 7/18(火) with the year from context.  Impossible dates
** (令和99年13月45日) are not dates.  Only the parser lives here; which
** date is the notice's own is decided in extract.c.
*/
#include "jk_int.h"

/* A kanji digit 一…九 at p: its value, or 0. */
static int kanji_1to9(const char *p, size_t len) {
  size_t n;
  int d = jk_kanji_digit(p, len, &n);
  return d > 0 ? d : 0;
}

/* 1..99 in kanji as formal notices print era dates (令和七年五月二十日):
   一…九, 十, 十一…十九, 二十…九十九.  Returns bytes used. */
static size_t kanji_small(const char *p, size_t len, int *v) {
  size_t i = 0;
  int tens = 0, ones = kanji_1to9(p, len);
  if (ones) i += 3;
  if (len - i >= 3 && memcmp(p + i, "十", 3) == 0) {
    tens = ones ? ones : 1;
    i += 3;
    ones = kanji_1to9(p + i, len - i);
    if (ones) i += 3;
  }
  if (!i) return 0;
  *v = tens * 10 + ones;
  return i;
}

/* Read 1..maxd ASCII digits (spaces allowed before); returns bytes used.
   A month, day or era year (maxd 2) may be written in kanji. */
static size_t digits(const char *p, size_t len, int maxd, int *v) {
  size_t i = 0;
  while (i < len && p[i] == ' ') i++;
  if (maxd == 2 && i < len && (unsigned char)p[i] >= 0xE4) {
    size_t k = kanji_small(p + i, len - i, v);
    return k ? i + k : 0;
  }
  size_t s = i;
  int x = 0;
  while (i < len && p[i] >= '0' && p[i] <= '9' && (int)(i - s) < maxd) {
    x = x * 10 + (p[i] - '0');
    i++;
  }
  if (i == s) return 0;
  if (i < len && p[i] >= '0' && p[i] <= '9') return 0; /* too many digits */
  *v = x;
  return i;
}

/* Match the literal s after optional spaces; returns bytes used or 0. */
static size_t lit(const char *p, size_t len, const char *s) {
  size_t i = 0;
  while (i < len && p[i] == ' ') i++;
  size_t k = strlen(s);
  if (len - i >= k && memcmp(p + i, s, k) == 0) return i + k;
  return 0;
}

static int days_in(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && y && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

/* A weekday in brackets after a date: (火), (水曜日), (祝). */
static size_t weekday(const char *p, size_t len) {
  size_t i = lit(p, len, "(");
  if (!i) return 0;
  static const char *const wd[] = {"月", "火", "水", "木", "金", "土", "日", "祝"};
  size_t j = 0;
  for (size_t w = 0; w < 8 && !j; w++) j = lit(p + i, len - i, wd[w]);
  if (!j) return 0;
  i += j;
  size_t k = lit(p + i, len - i, "曜日");
  if (!k) k = lit(p + i, len - i, "曜");
  i += k;
  /* (月・祝) */
  if ((k = lit(p + i, len - i, "・祝"))) i += k;
  k = lit(p + i, len - i, ")");
  if (!k) return 0;
  return i + k;
}

/*
** Month and day: 7月12日 (sep 'J'; the day may be missing) or 7/18, 07-18,
** 7.18 (sep is the separator).  A weekday in brackets after it is eaten.
*/
static size_t month_day(const char *p, size_t len, int y, char sep, jk_date *d) {
  size_t i = 0, k;
  int m = 0, dd = 0;
  k = digits(p, len, 2, &m);
  if (!k) return 0;
  i += k;
  if (sep == 'J') {
    k = lit(p + i, len - i, "月");
    if (!k) return 0;
    i += k;
    size_t save = i;
    k = digits(p + i, len - i, 2, &dd);
    if (k) {
      i += k;
      k = lit(p + i, len - i, "日");
      if (!k) { /* 2023年7月 5: not a day */
        i = save;
        dd = 0;
      } else {
        i += k;
      }
    }
  } else {
    if (i >= len || p[i] != sep) return 0;
    i++;
    k = digits(p + i, len - i, 2, &dd);
    if (!k) return 0;
    i += k;
  }
  if (m < 1 || m > 12) return 0;
  if (dd && (dd < 1 || dd > days_in(y, m))) return 0;
  if (dd == 0 && sep != 'J') return 0;
  d->y = y;
  d->m = m;
  d->d = dd;
  i += weekday(p + i, len - i);
  return i;
}

static size_t other_year(const char *p, size_t len);

static size_t era_year(const char *p, size_t len, int *y) {
  static const struct {
    const char *name;
    int base; /* Western year of era year 1, minus 1 */
  } eras[] = {{"令和", 2018}, {"平成", 1988}, {"昭和", 1925}, {"R", 2018}, {"H", 1988}};
  for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
    size_t k = strlen(eras[e].name);
    if (len < k || memcmp(p, eras[e].name, k) != 0) continue;
    size_t i = k;
    int n = 0;
    size_t g;
    if ((g = lit(p + i, len - i, "元"))) {
      n = 1;
      i += g;
    } else if ((g = digits(p + i, len - i, 2, &n))) {
      i += g;
    } else {
      return 0;
    }
    if (n < 1 || n > 99) return 0;
    /* R5.7.14 style only for the Latin era letters. */
    if (eras[e].name[0] == 'R' || eras[e].name[0] == 'H') {
      if (i >= len || p[i] != '.') return 0;
      *y = eras[e].base + n;
      return i; /* caller reads .M.D */
    }
    /* 令和13(2031)年 */
    if (i < len && p[i] == '(') {
      size_t b = other_year(p + i, len - i);
      if (b && !jk_ends(p + i, b, "年)")) i += b;
    }
    g = lit(p + i, len - i, "年");
    if (!g) return 0;
    *y = eras[e].base + n;
    i += g;
    /* 令和7年(2025年)5月20日 */
    return i + other_year(p + i, len - i);
  }
  return 0;
}

/* The other calendar's year in brackets after a year: 2025年(令和7年),
   令和7年(2025年), 令和13(2031)年.  Returns the bytes to skip, 0 if none. */
static size_t other_year(const char *p, size_t len) {
  size_t i = lit(p, len, "(");
  if (!i) return 0;
  int v;
  size_t k = digits(p + i, len - i, 4, &v);
  if (k && v >= 1900 && v <= 2100) {
    i += k;
  } else {
    size_t e = 0;
    static const char *const eras[] = {"令和", "平成"};
    for (size_t j = 0; j < 2 && !e; j++)
      if (len - i > 6 && memcmp(p + i, eras[j], 6) == 0) e = 6;
    if (!e) return 0;
    i += e;
    size_t g = lit(p + i, len - i, "元");
    if (!g) g = digits(p + i, len - i, 2, &v);
    if (!g) return 0;
    i += g;
  }
  size_t g = lit(p + i, len - i, "年");
  i += g;
  g = lit(p + i, len - i, ")");
  return g ? i + g : 0;
}

size_t jk_parse_date(const char *p, size_t len, int ctx_year, jk_date *d) {
  jk_date out = {0, 0, 0};
  size_t i = 0, k;
  int y = 0;

  /* Era year: 令和5年7月14日, 令和元年, R5.7.14 */
  if ((k = era_year(p, len, &y))) {
    if (y > 2100) return 0;
    if (p[k - 1] == '.' || (k < len && p[k] == '.')) {
      size_t dot = (k < len && p[k] == '.') ? k : k - 1;
      size_t m = month_day(p + dot + 1, len - dot - 1, y, '.', &out);
      if (!m) return 0;
      *d = out;
      return dot + 1 + m;
    }
    size_t m = month_day(p + k, len - k, y, 'J', &out);
    if (!m) {
      int mm;
      size_t mk = digits(p + k, len - k, 2, &mm);
      if (mk && lit(p + k + mk, len - k - mk, "月")) return 0;
      d->y = y;
      d->m = d->d = 0;
      return k;
    }
    *d = out;
    return k + m;
  }

  /* '20年9月3日 */
  if (len > 1 && (p[0] == '\'' || jk_starts(p, len, "’"))) {
    size_t a = p[0] == '\'' ? 1 : 3;
    int yy;
    k = digits(p + a, len - a, 2, &yy);
    if (k == 2) {
      size_t g = lit(p + a + k, len - a - k, "年");
      if (g) {
        size_t m = month_day(p + a + k + g, len - a - k - g, 2000 + yy, 'J', &out);
        if (m) {
          *d = out;
          return a + k + g + m;
        }
      }
    }
    return 0;
  }

  k = digits(p, len, 4, &y);
  if (!k) return 0;
  /* Leading spaces were allowed by digits(); a date starts at a digit. */
  if (p[0] == ' ') return 0;
  if (k == 4) {
    if (y < 1900 || y > 2100) return 0;
    i = k;
    size_t g = lit(p + i, len - i, "年");
    if (g) g += other_year(p + i + g, len - i - g); /* 2025年(令和7年)5月20日 */
    if (g) {
      size_t m = month_day(p + i + g, len - i - g, y, 'J', &out);
      if (m) {
        *d = out;
        return i + g + m;
      }
      /* 2023年2月30日: a month is printed but the date is impossible. */
      int mm;
      size_t mk = digits(p + i + g, len - i - g, 2, &mm);
      if (mk && lit(p + i + g + mk, len - i - g - mk, "月")) return 0;
      d->y = y;
      d->m = d->d = 0;
      return i + g;
    }
    if (i < len && (p[i] == '/' || p[i] == '-' || p[i] == '.')) {
      size_t m = month_day(p + i + 1, len - i - 1, y, p[i], &out);
      if (m) {
        *d = out;
        return i + 1 + m;
      }
    }
    return 0;
  }
  /* No year printed: 7月18日 or 7/18(火). */
  if (k > 2) return 0;
  size_t m = month_day(p, len, ctx_year, 'J', &out);
  if (m && out.d) {
    *d = out;
    return m;
  }
  m = month_day(p, len, ctx_year, '/', &out);
  if (m) {
    /* A bare M/D is a date only with a weekday or in brackets: (10/4). */
    int bracketed = m < len && p[m] == ')';
    int with_weekday = p[m - 1] == ')';
    if (with_weekday || bracketed) {
      *d = out;
      return m;
    }
  }
  return 0;
}
