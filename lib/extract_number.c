/*
** extract_number.c — numbers as people write them in Japanese notices.
**
** 約596万件, 1万人, 2,849 名, 304 万ユーザ分, 4,034件, 1.5万, 三百二十名,
** 二万五千. Arabic digits (with thousands commas and an optional decimal
** part) and kanji numerals mix with the units 十 百 千 万 億 兆.  The
** parser only reads the number: whether it counts people is the caller's
** question (extract_count.c looks at the counter word after it).
*/
#include "jk_int.h"

#include <limits.h>

/* Value of a kanji digit at p (-1 if none); *n gets its byte length. */
int jk_kanji_digit(const char *p, size_t len, size_t *n) {
  static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  for (int i = 0; i < 10; i++) {
    size_t k = strlen(digits[i]);
    if (len >= k && memcmp(p, digits[i], k) == 0) {
      *n = k;
      return i;
    }
  }
  if (len >= 3 && memcmp(p, "零", 3) == 0) {
    *n = 3;
    return 0;
  }
  return -1;
}

/* Multiplier of a unit kanji at p (0 if none). */
static long long unit_at(const char *p, size_t len, size_t *n, int *big) {
  static const struct {
    const char *s;
    long long v;
    int big;
  } units[] = {{"十", 10, 0}, {"百", 100, 0}, {"千", 1000, 0},
               {"万", 10000, 1}, {"億", 100000000LL, 1}, {"兆", 1000000000000LL, 1}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    size_t k = strlen(units[i].s);
    if (len >= k && memcmp(p, units[i].s, k) == 0) {
      *n = k;
      *big = units[i].big;
      return units[i].v;
    }
  }
  return 0;
}

/* a*b + c with saturation; sets *ovf on overflow. */
static long long mul_add(long long a, long long b, long long c, int *ovf) {
  if (a < 0 || b < 0 || c < 0) return 0;
  if (b != 0 && a > (LLONG_MAX - c) / b) {
    *ovf = 1;
    return LLONG_MAX;
  }
  return a * b + c;
}

/*
** Read an Arabic literal at p: 1234, 1,234 (commas only before groups of
** three), 1.5.  Returns bytes used; *ip the integer part, *frac and *fden the
** fraction (frac/fden).
*/
static size_t arabic(const char *p, size_t len, long long *ip, long long *frac, long long *fden,
                     int *ovf) {
  size_t i = 0;
  long long v = 0;
  while (i < len) {
    if (p[i] >= '0' && p[i] <= '9') {
      v = mul_add(v, 10, p[i] - '0', ovf);
      i++;
    } else if (p[i] == ',' && i > 0 && i + 3 < len &&
               p[i + 1] >= '0' && p[i + 1] <= '9' && p[i + 2] >= '0' && p[i + 2] <= '9' &&
               p[i + 3] >= '0' && p[i + 3] <= '9' && (i + 4 >= len || p[i + 4] < '0' || p[i + 4] > '9')) {
      i++;
    } else {
      break;
    }
  }
  *ip = v;
  *frac = 0;
  *fden = 1;
  if (i > 0 && i + 1 < len && p[i] == '.' && p[i + 1] >= '0' && p[i + 1] <= '9') {
    size_t j = i + 1;
    while (j < len && p[j] >= '0' && p[j] <= '9') {
      if (*fden < 1000000000LL) {
        *frac = *frac * 10 + (p[j] - '0');
        *fden *= 10;
      }
      j++;
    }
    i = j;
  }
  return i;
}

size_t jk_parse_number(const char *p, size_t len, long long *value, int *overflow) {
  long long total = 0;   /* sum of completed 万/億/兆 groups */
  long long section = 0; /* value below the current big unit */
  long long cur = -1;    /* pending literal, -1 if none */
  long long frac = 0, fden = 1;
  int ovf = 0, literals = 0;
  size_t i = 0, end = 0;

  while (i < len) {
    size_t n;
    int big;
    long long u;
    if (p[i] >= '0' && p[i] <= '9') {
      if (cur >= 0) break; /* two literals in a row: stop */
      long long ip, fr, fd;
      n = arabic(p + i, len - i, &ip, &fr, &fd, &ovf);
      cur = ip;
      frac = fr;
      fden = fd;
      literals++;
      i += n;
      end = i;
      /* 304 万: one space may stand between a literal and its unit. */
      if (i < len && p[i] == ' ') {
        size_t un;
        int ub;
        if (unit_at(p + i + 1, len - i - 1, &un, &ub) && ub) i++;
      }
      continue;
    }
    int d = jk_kanji_digit(p + i, len - i, &n);
    if (d >= 0) {
      /* Consecutive kanji digits are positional: 二〇二三. */
      if (cur >= 0) {
        cur = mul_add(cur, 10, d, &ovf);
      } else {
        cur = d;
        literals++;
      }
      i += n;
      end = i;
      continue;
    }
    u = unit_at(p + i, len - i, &n, &big);
    if (!u) break;
    if (big) {
      if (cur < 0 && section == 0) break; /* 万全, 万一: not a number */
      long long s = mul_add(1, section, cur >= 0 ? cur : 0, &ovf);
      long long add = mul_add(s, u, 0, &ovf);
      if (fden > 1 && cur >= 0) {
        /* 1.5万: the fraction times the unit, without overflowing on the way
           (1.999999999兆). */
        long double f = (long double)frac * (long double)u / (long double)fden;
        if (f >= (long double)LLONG_MAX) {
          ovf = 1;
          add = LLONG_MAX;
        } else {
          add = mul_add(1, add, (long long)f, &ovf);
        }
      }
      total = mul_add(1, total, add, &ovf);
      section = 0;
      cur = -1;
      frac = 0;
      fden = 1;
    } else {
      if (cur < 0 && !literals && section == 0 && total == 0) {
        /* A bare 十/百/千 only counts when a digit follows (十二). */
        size_t dn;
        if (i + n >= len || jk_kanji_digit(p + i + n, len - i - n, &dn) < 0) break;
      }
      section = mul_add(1, section, mul_add(cur >= 0 ? cur : 1, u, 0, &ovf), &ovf);
      cur = -1;
      literals++;
    }
    i += n;
    end = i;
  }
  if (!literals) return 0;
  total = mul_add(1, total, mul_add(1, section, cur >= 0 ? cur : 0, &ovf), &ovf);
  if (value) *value = ovf ? LLONG_MAX : total;
  if (overflow) *overflow = ovf;
  return end;
}
