/*
** extract.c — from one notice's text to a jk_record.
**
** This file runs the extractors in order and does the parts that hang on
** the heading line: the casebook number, the notice's own date, the
** report sequence (第2報, 続報1) and the title.  Each other field has its
** own file (extract_org.c, extract_cause.c, extract_count.c,
** extract_data.c, extract_parties.c, extract_facts.c), and every value is
** stored with the span of text it came from.
*/
#include "jk_int.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- records ------------------------------------------------------------ */

void jk_record_free(jk_record *r) {
  if (!r) return;
  jk_arena_free(r->arena);
  free(r);
}

const char *jk_date_format(jk_date d, char *buf, size_t n) {
  if (!d.y) snprintf(buf, n, "%s", "");
  else if (!d.m) snprintf(buf, n, "%04d", d.y);
  else if (!d.d) snprintf(buf, n, "%04d-%02d", d.y, d.m);
  else snprintf(buf, n, "%04d-%02d-%02d", d.y, d.m, d.d);
  return buf;
}

int jk_date_parse_iso(const char *s, jk_date *d) {
  int y = 0, m = 0, dd = 0;
  char tail;
  int k = sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail);
  if (k == 3 || (k == 2 && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2) ||
      (k == 1 && sscanf(s, "%4d%c", &y, &tail) == 1)) {
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 0 || m > 12 || dd < 0 || dd > 31) return -1;
    if ((k >= 2 && m < 1) || (k == 3 && dd < 1)) return -1;
    /* A real calendar day: 2023-02-30 is not one, 2024-02-29 is. */
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (k == 3 && dd > mdays[m - 1] + (m == 2 && leap)) return -1;
    d->y = y;
    d->m = k >= 2 ? m : 0;
    d->d = k == 3 ? dd : 0;
    return 0;
  }
  return -1;
}

jk_rc jk_items_add(jk_record *r, jk_items *it, const char *s, size_t n, jk_span ev) {
  if (it->n == it->cap) {
    size_t cap = it->cap ? it->cap * 2 : 8;
    jk_item *v = jk_arena_alloc(r->arena, cap * sizeof *v);
    if (!v) return JK_ENOMEM;
    if (it->n) memcpy(v, it->v, it->n * sizeof *v);
    it->v = v;
    it->cap = cap;
  }
  const char *c = jk_arena_strndup(r->arena, s, n);
  if (!c) return JK_ENOMEM;
  it->v[it->n].text = c;
  it->v[it->n].ev = ev;
  it->n++;
  return JK_OK;
}

/* ---- shared text helpers for extractors ---------------------------------- */

/* Is there a sentence end at t+i?  A 。 closing a bracket (…という。)) is not. */
static bool full_stop(const char *t, size_t n, size_t i) {
  if (n - i < 3 || memcmp(t + i, "。", 3) != 0) return false;
  if (i + 3 < n && (t[i + 3] == ')' || jk_starts(t + i + 3, n - i - 3, "」") || jk_starts(t + i + 3, n - i - 3, "』")))
    return false;
  return true;
}

void jk_clause_at(const char *t, size_t n, size_t off, size_t *s, size_t *e) {
  size_t a = off, b = off;
  while (a > 0 && t[a - 1] != '\n' && !(a >= 3 && full_stop(t, n, a - 3))) a--;
  while (b < n && t[b] != '\n' && !full_stop(t, n, b)) b++;
  *s = a;
  *e = b;
}

/* Does the line [ls, le) stop mid-sentence (a long line of prose that
   ends in a particle or a word, as a PDF's printed lines do)? */
static bool runs_on(const char *t, size_t ls, size_t le) {
  if (le <= ls || !jk_cp_more(t + ls, le - ls, 24)) return false;
  uint32_t c = jk_fast_cp(jk_cp_prev(t + ls, t + le), 4);
  if (c < 0x3041) return false; /* 。 ) : and Latin end a line on purpose */
  return !(c == 0xFF09 || c == 0x300D || c == 0x300F || c == 0xFF1A || c == 0x3002);
}

/* Does the line at ls open a new item (a bullet, a number, a heading)? */
static bool opens_item(const char *t, size_t n, size_t ls) {
  static const char *const marks[] = {"・", "○", "●", "■", "□", "◆", "◇", "※", "【", "(", "-", "*", "•", "1", "2",
                                      "3", "4", "5", "6", "7", "8", "9", "①", "②", "③", "第", "記", "以上", " "};
  return ls >= n || t[ls] == '\n' || jk_starts_any(t + ls, n - ls, marks, sizeof marks / sizeof marks[0], NULL);
}

void jk_sentence_at(const char *t, size_t n, size_t off, size_t *s, size_t *e) {
  jk_clause_at(t, n, off, s, e);
  for (int k = 0; k < 2 && *e < n && t[*e] == '\n'; k++) {
    size_t ls = *e;
    while (ls > 0 && t[ls - 1] != '\n') ls--;
    if (!runs_on(t, ls, *e) || opens_item(t, n, *e + 1)) break;
    size_t s2, e2;
    jk_clause_at(t, n, *e + 1, &s2, &e2);
    *e = e2;
  }
}

const char *jk_find_any(const char *p, size_t n, const char *const *words, size_t nwords, size_t *which) {
  if (nwords == 1) {
    if (which) *which = 0;
    return jk_find(p, n, words[0]);
  }
  const jk_pindex *ix = jk_words_index(words, nwords);
  if (!ix) {
    const char *best = NULL;
    for (size_t i = 0; i < nwords; i++) {
      const char *q = jk_find(p, best ? (size_t)(best - p) + strlen(words[i]) : n, words[i]);
      if (q && (!best || q < best)) {
        best = q;
        if (which) *which = i;
      }
    }
    return best;
  }
  int k;
  for (size_t i = 0; i < n;) {
    if (jk_pindex_at(ix, p + i, n - i, &k, 1)) {
      if (which) *which = (size_t)k;
      return p + i;
    }
    i += jk_cp_len(p + i, n - i);
  }
  return NULL;
}

bool jk_has_any(const char *p, size_t n, const char *const *words, size_t nwords) {
  /* One pass over the text with an index of the list, built on first use. */
  const jk_pindex *ix = jk_words_index(words, nwords);
  if (!ix) {
    for (size_t i = 0; i < nwords; i++)
      if (jk_has(p, n, words[i])) return true;
    return false;
  }
  int k;
  for (size_t i = 0; i < n;) {
    if (jk_pindex_at(ix, p + i, n - i, &k, 1)) return true;
    i += jk_cp_len(p + i, n - i);
  }
  return false;
}

bool jk_section_heading_line(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (n == 0 || jk_cp_more(p, n, 40)) return false;
  if (jk_has(p, n, "。")) return false;
  switch (jk_fast_cp(p, n)) {
  case 0x25A0: case 0x25A1: case 0x25CF: case 0x25C6: /* ■ □ ● ◆ */
  case 0x25BC: case 0x25BD: case 0x25C7: case 0x25B6: case 0x2605: /* ▼ ▽ ◇ ▶ ★ */
  case 0x3010: case 0x3008: case 0x300A: case 0x226A: /* 【 〈 《 ≪ */
  case '<': case '(': case '[':
  case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
    return true;
  case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94: /* 一 二 三 四 五 */
  case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: case 0x7B2C: /* 六 七 八 九 第 */
    if (n > 3 && (jk_starts(p + 3, n - 3, "、") || p[3] == '.' || p[3] == ' ')) return true;
    break;
  default:
    break;
  }
  /* A short bare line such as 経緯 / 原因 / 再発防止策. */
  return !jk_cp_more(p, n, 12);
}

/* The notice's section-heading lines, found once (jk_find_section). */
typedef struct sec_line {
  uint32_t s, e;  /* the line */
  uint32_t next;  /* start of the line after it */
  int numbered;   /* 1. / ■ / 【 / < / 〈: a heading of the notice's outline */
} sec_line;

static void find_headings(jk_xctx *x) {
  x->sec_done = 1;
  size_t cap = 32, n = 0;
  sec_line *v = jk_arena_alloc(x->r->arena, cap * sizeof *v);
  for (size_t i = x->head; v && i < x->n;) {
    size_t le = i;
    const char *nl = memchr(x->t + i, '\n', x->n - i);
    le = nl ? (size_t)(nl - x->t) : x->n;
    const char *lp = x->t + i;
    size_t ln = le - i;
    if (jk_section_heading_line(lp, ln)) {
      if (n == cap) {
        sec_line *w = jk_arena_alloc(x->r->arena, cap * 2 * sizeof *w);
        if (!w) break;
        memcpy(w, v, n * sizeof *w);
        v = w;
        cap *= 2;
      }
      const char *tp = lp;
      size_t tn = ln;
      jk_trim(&tp, &tn);
      int numbered = tn > 0 && ((tp[0] >= '0' && tp[0] <= '9' && tn > 1 && !(tp[1] >= '0' && tp[1] <= '9')) ||
                                jk_starts(tp, tn, "■") || jk_starts(tp, tn, "【") || jk_starts(tp, tn, "<") ||
                                jk_starts(tp, tn, "〈"));
      v[n++] = (sec_line){(uint32_t)i, (uint32_t)le, (uint32_t)(le < x->n ? le + 1 : le), numbered};
    }
    i = le < x->n ? le + 1 : le;
  }
  x->sec = v;
  x->nsec = v ? n : 0;
}

bool jk_find_section(jk_xctx *x, const char *const *words, size_t nwords, size_t from, size_t *s, size_t *e) {
  if (!x->sec_done) find_headings(x);
  const sec_line *v = x->sec;
  for (size_t k = 0; k < x->nsec; k++) {
    if (v[k].s < from) continue;
    if (!jk_has_any(x->t + v[k].s, v[k].e - v[k].s, words, nwords)) continue;
    /* Body: following lines up to the next heading of the same look
       (numbered/bracketed). */
    size_t b = v[k].next, j = x->n;
    for (size_t m = k + 1; m < x->nsec; m++)
      if (v[m].s > b && v[m].numbered) {
        j = v[m].s;
        break;
      }
    *s = b;
    *e = j;
    return true;
  }
  return false;
}

/* ---- heading-line fields ------------------------------------------------- */

/* Find a date in [p, p+n) at a position that starts a token. */
static size_t find_date(const char *p, size_t n, int year, jk_date *d, size_t *at) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    /* R7.3.1 / H31.4.1: an era letter, not the end of a word. */
    bool era_letter = (c == 'R' || c == 'H') && i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9' &&
                      !(i > 0 && ((p[i - 1] >= 'A' && p[i - 1] <= 'Z') || (p[i - 1] >= 'a' && p[i - 1] <= 'z') ||
                                  (p[i - 1] >= '0' && p[i - 1] <= '9')));
    bool start = (c >= '0' && c <= '9') || c == '\'' || era_letter || jk_starts(p + i, n - i, "令和") ||
                 jk_starts(p + i, n - i, "平成");
    if (!start) continue;
    if (i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9') continue;
    size_t k = jk_parse_date(p + i, n - i, year, d);
    if (k && d->y && d->m) {
      *at = i;
      return k;
    }
  }
  return 0;
}

/* Code points of [p,n) other than spaces (a date set at the right margin
   is padded with them). */
static size_t cp_ink(const char *p, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if ((((unsigned char)p[i]) & 0xC0) != 0x80 && p[i] != ' ') c++;
  return c;
}

/* December 2, 2025 / : the same date in English before the Japanese one
   on a bilingual page. */
static bool english_date(const char *p, size_t n) {
  static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                       "August", "September", "October", "November", "December",
                                       "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."};
  jk_trim(&p, &n);
  if (n && (p[n - 1] == '/' || p[n - 1] == '|')) n--;
  jk_trim(&p, &n);
  size_t k;
  if (!jk_starts_any(p, n, months, sizeof months / sizeof months[0], &k)) return false;
  size_t digits = 0;
  for (size_t i = k; i < n; i++) {
    if (p[i] >= '0' && p[i] <= '9') digits++;
    else if (p[i] != ' ' && p[i] != ',') return false;
  }
  return digits >= 5 && digits <= 6;
}

/* A line that is only a date, maybe with a label (更新日, 発表, •). */
static bool date_only_line(const char *p, size_t n, int year, jk_date *d, size_t *at, size_t *len) {
  const char *q = p;
  size_t qn = n;
  jk_trim(&q, &qn);
  if (qn == 0 || qn > 400 || cp_ink(q, qn) > 40) return false;
  if (jk_has(q, qn, "。")) return false;
  size_t k = find_date(q, qn, year, d, at);
  if (!k || !d->d) return false;
  /* What else is on the line must be a publication label (更新日, 発表) or
     nothing: 発生時期 2021/6/3 dates an event, 〇2025年4月5日 a timeline. */
  size_t rest = qn - k;
  /* ページ番号1005802 更新日 2021年9月29日: a page's label may be longer. */
  static const char *const long_labels[] = {"更新日", "公開日", "掲載日", "発表日", "作成日", "登録日"};
  size_t before_max = jk_has_any(q, *at, long_labels, sizeof long_labels / sizeof long_labels[0]) ? 30 : 12;
  /* 2025/09/05 架空ラボ合同会社 代表社員 山田花子: the date and who signs. */
  static const char *const signers[] = {"代表", "社長", "理事長", "学長", "院長", "市長", "町長", "村長", "知事",
                                        "店長", "店主", "担当"};
  bool signed_line = *at == 0 && (jk_has_any(q + k, qn - k, jk_org_prefixes, jk_org_prefixes_n) ||
                                  jk_has_any(q + k, qn - k, signers, sizeof signers / sizeof signers[0]));
  /* 公開日:2025年6月12日 更新日:2025年6月16日: a second labelled date after. */
  bool second_date = false;
  if (jk_has_any(q, *at, long_labels, sizeof long_labels / sizeof long_labels[0])) {
    const char *r2 = q + *at + k;
    size_t r2n = rest - *at;
    jk_trim(&r2, &r2n);
    jk_date d2;
    size_t a2 = 0;
    size_t k2 = jk_starts_any(r2, r2n, long_labels, sizeof long_labels / sizeof long_labels[0], NULL)
                    ? find_date(r2, r2n, year, &d2, &a2)
                    : 0;
    second_date = k2 && a2 + k2 == r2n;
  }
  if ((cp_ink(q, *at) > before_max && !english_date(q, *at)) ||
      (cp_ink(q + *at + k, rest - *at) > 12 && !signed_line && !second_date))
    return false;
  if (jk_starts(q, qn, "〇") || jk_starts(q, qn, "○")) return false;
  /* 投稿日:… カテゴリ:お知らせ, NEWS RELEASE 2025年11月4日: a blog's or a
     release's own label. */
  static const char *const labels[] = {"更新", "発表", "公開", "掲載", "公表", "日付", "作成", "登録", "発行", "投稿",
                                       "配信", "RELEASE", "Release", "NEWS", "News", "リリース", "•", "・",
                                       "■", "□", "◆", "◇", "●", "○", "▼", "▽", "★", "☆"};
  const char *before = q;
  size_t bn = *at;
  jk_trim(&before, &bn);
  /* NEWS > 2025/1/30: a breadcrumb whose last step is the post's date. */
  /* 架空出版株式会社 2031年11月25日 15時00分: a press service's line of who
     released it and when. */
  bool issuer_before = bn > 0 && (jk_starts_any(before, bn, jk_org_prefixes, jk_org_prefixes_n, NULL) ||
                                  jk_ends_any(before, bn, jk_org_prefixes, jk_org_prefixes_n));
  /* 日時:2025年11月19日 17:02 under 件名:/差出人:: a mail's own header. */
  static const char *const mail_dates[] = {"日時:", "送信日時:", "Date:", "日付:"};
  bool mail_date = false;
  for (size_t m = 0; m < sizeof mail_dates / sizeof mail_dates[0] && !mail_date; m++)
    mail_date = bn == strlen(mail_dates[m]) && memcmp(before, mail_dates[m], bn) == 0;
  /* ニュース一覧 / 2025.11.27: a breadcrumb with a slash or a bar. */
  if (bn > 0 && !issuer_before && !mail_date && !jk_has_any(before, bn, labels, sizeof labels / sizeof labels[0]) &&
      !jk_ends(before, bn, ">") && !jk_ends(before, bn, "/") && !jk_ends(before, bn, "|") && !english_date(before, bn))
    return false;
  *at += (size_t)(q - p);
  *len = k;
  return true;
}

static void casebook_and_heading(jk_xctx *x) {
  jk_record *r = x->r;
  const char *h = x->t + x->head;
  size_t hn = x->head_end - x->head;
  const char *id;
  size_t idn;
  if (jk_casebook_heading(h, hn, &id, &idn)) {
    /* 2023-295 has a serial; #2022 alone is not a casebook number. */
    if (idn >= 6 && jk_has(id, idn, "-")) {
      r->casebook_id = jk_arena_strndup(r->arena, id, idn);
      r->casebook_id_ev = jk_mkspan((size_t)(id - x->t), (size_t)(id - x->t) + idn);
    }
    int y = 0;
    for (size_t i = 0; i < 4 && i < idn && id[i] >= '0' && id[i] <= '9'; i++) y = y * 10 + (id[i] - '0');
    if (y >= 1990 && y <= 2100) x->year = y;
  }
}

/* (2025年11月17日 架空書店株式会社): a reprint's own sign-off in brackets
   among the last lines dates the notice, not the blog's date above its
   title.  The date must be followed by who signs. */
static bool signoff_date(const jk_xctx *x, jk_date *d, size_t *at, size_t *len) {
  size_t end = x->n;
  for (int lines = 0; lines < 4 && end > x->body;) {
    size_t le = end;
    if (le > 0 && x->t[le - 1] == '\n') le--;
    size_t s = le;
    while (s > x->body && x->t[s - 1] != '\n') s--;
    end = s;
    const char *q = x->t + s;
    size_t qn = le - s;
    jk_trim(&q, &qn);
    if (!qn) continue;
    lines++;
    if (qn > 4 && q[0] == '(' && q[qn - 1] == ')' && !jk_has(q, qn, "。")) {
      size_t k = jk_parse_date(q + 1, qn - 2, x->year, d);
      if (k && d->y && d->d && jk_cp_more(q + 1 + k, qn - 2 - k, 2)) {
        *at = (size_t)(q + 1 - x->t);
        *len = k;
        return true;
      }
      /* (架空町、2025年11月28日公表): who, then when it was released. */
      size_t a, l;
      if (jk_bracket_date(q, qn, x->year, d, &a, &l) && a > 1 && jk_cp_more(q + 1, a - 1, 1)) {
        *at = (size_t)(q - x->t) + a;
        *len = l;
        return true;
      }
    }
  }
  return false;
}

/* 株式会社架空は2031年11月28日、…と発表した。: a news story's lead gives
   the date the issuer announced it (offset and length in *at, *len). */
static bool lead_date(const jk_xctx *x, jk_date *d, size_t *at, size_t *len) {
  size_t ss = x->body;
  for (;;) { /* the first line of prose */
    while (ss < x->n && (x->t[ss] == '\n' || x->t[ss] == ' ')) ss++;
    size_t le = ss;
    while (le < x->n && x->t[le] != '\n') le++;
    if (ss >= x->n || jk_has(x->t + ss, le - ss, "。")) break;
    ss = le;
  }
  const char *stop = ss < x->n ? jk_find(x->t + ss, x->n - ss, "。") : NULL;
  if (!stop) return false;
  size_t se = (size_t)(stop - x->t);
  static const char *const announced[] = {"と発表した", "と公表した", "を発表した", "を公表した", "明らかにした"};
  if (!jk_has_any(x->t + ss, se - ss, announced, sizeof announced / sizeof announced[0])) return false;
  for (const char *q = x->t + ss; (q = jk_find(q, (size_t)(x->t + se - q), "は")) != NULL; q += 3) {
    size_t a = (size_t)(q - x->t) + 3;
    size_t dl = a < se && x->t[a] >= '0' && x->t[a] <= '9' ? jk_parse_date(x->t + a, se - a, x->year, d) : 0;
    if (dl && d->y && d->d && jk_starts(x->t + a + dl, se - a - dl, "、")) {
      *at = a;
      *len = dl;
      return true;
    }
  }
  return false;
}

/* The notice's own date: on the heading line, else a date line near it. */
static void published(jk_xctx *x) {
  jk_record *r = x->r;
  const char *h = x->t + x->head;
  size_t hn = x->head_end - x->head;
  jk_date d = {0, 0, 0};
  size_t at = 0, k;
  /* Skip the casebook number itself. */
  size_t skip = jk_casebook_marker(h, hn, NULL, NULL);
  if (signoff_date(x, &d, &at, &k)) {
    r->published = d;
    r->published_ev = jk_mkspan(at, at + k);
    return;
  }
  /* A heading that is prose (a notice with no title) dates events, not itself. */
  bool prose = jk_has(h, hn, "。") || jk_cp_count(h, hn) > 200;
  k = prose ? 0 : find_date(h + skip, hn - skip, x->year, &d, &at);
  if (k && d.d) {
    r->published = d;
    r->published_ev = jk_mkspan(x->head + skip + at, x->head + skip + at + k);
    return;
  }
  /* (10/4): month and day only, year from the casebook number. */
  for (size_t i = skip; i + 1 < hn; i++) {
    if (h[i] != '(') continue;
    size_t kk = jk_parse_date(h + i + 1, hn - i - 1, x->year, &d);
    if (kk && d.y && d.d && i + 1 + kk < hn && h[i + 1 + kk] == ')') {
      r->published = d;
      r->published_ev = jk_mkspan(x->head + i + 1, x->head + i + 1 + kk);
      return;
    }
  }
  bool casebook = r->casebook_id || jk_casebook_heading(h, hn, NULL, NULL);
  /* A date line just after the heading (title / date / issuer), or a
     page's 更新日 just before it. */
  size_t pos = x->body;
  jk_date byline = {0, 0, 0};
  jk_span byline_ev = {0, 0};
  for (int lines = 0; lines < 8 && pos < x->n; lines++) {
    size_t le = pos;
    while (le < x->n && x->t[le] != '\n') le++;
    size_t len;
    /* 2031年11月29日 07:30 記者:…: the story's date; the lead may give the
       issuer's (…は11月28日、…と発表した), which comes first. */
    if (!byline.y && jk_has(x->t + pos, le - pos, "記者") &&
        date_only_line(x->t + pos, le - pos, x->year, &d, &at, &len)) {
      byline = d;
      byline_ev = jk_mkspan(pos + at, pos + at + len);
      pos = le + 1;
      continue;
    }
    /* 架空県(2025年11月27日): a digest's line of who and when. */
    if (date_only_line(x->t + pos, le - pos, x->year, &d, &at, &len) ||
        (lines < 2 && jk_bracket_date(x->t + pos, le - pos, x->year, &d, &at, &len))) {
      r->published = d;
      r->published_ev = jk_mkspan(pos + at, pos + at + len);
      return;
    }
    /* 2025年11月25日公表。「…: the summary opens with the release date. */
    if (lines == 0) {
      static const char *const released[] = {"公表", "発表", "掲載", "付で", "付け"};
      const char *q = x->t + pos;
      size_t qn = le - pos, sk = jk_skip_space(q, qn);
      size_t dl = sk < qn && q[sk] >= '0' && q[sk] <= '9' ? jk_parse_date(q + sk, qn - sk, x->year, &d) : 0;
      if (dl && d.y && d.d && jk_starts_any(q + sk + dl, qn - sk - dl, released, sizeof released / sizeof released[0], NULL)) {
        r->published = d;
        r->published_ev = jk_mkspan(pos + sk, pos + sk + dl);
        return;
      }
    }
    if (jk_has(x->t + pos, le - pos, "。")) break; /* prose started */
    pos = le + 1;
  }
  if (byline.y) {
    if (!lead_date(x, &d, &at, &k)) {
      d = byline;
      at = byline_ev.off;
      k = byline_ev.len;
    }
    r->published = d;
    r->published_ev = jk_mkspan(at, at + k);
    return;
  }
  /* A casebook entry reprints the notice below its heading: no page
     chrome above it to take a date from. */
  if (casebook) return;
  /* A press release's header block (記者発表資料 / date / issuer / 担当課 /
     電話) stands above its title. */
  size_t ls = x->head;
  for (int lines = 0; lines < 8 && ls > 0; lines++) {
    size_t le = ls - 1;
    size_t s = le;
    while (s > 0 && x->t[s - 1] != '\n') s--;
    size_t len;
    if (date_only_line(x->t + s, le - s, x->year, &d, &at, &len) ||
        jk_bracket_date(x->t + s, le - s, x->year, &d, &at, &len)) {
      r->published = d;
      r->published_ev = jk_mkspan(s + at, s + at + len);
      return;
    }
    ls = s;
  }
  /* A letter signs off at its end: date / issuer / name. */
  size_t end = x->n;
  for (int lines = 0; lines < 6 && end > x->body;) {
    size_t le = end;
    if (le > 0 && x->t[le - 1] == '\n') le--;
    size_t s = le;
    while (s > x->body && x->t[s - 1] != '\n') s--;
    end = s;
    if (jk_blank(x->t + s, le - s)) continue;
    lines++;
    if (jk_has(x->t + s, le - s, "。")) break; /* the body's prose */
    size_t len;
    /* (2025年11月30日): a news story's date in brackets at its end. */
    if (date_only_line(x->t + s, le - s, x->year, &d, &at, &len) ||
        jk_bracket_date(x->t + s, le - s, x->year, &d, &at, &len)) {
      r->published = d;
      r->published_ev = jk_mkspan(s + at, s + at + len);
      return;
    }
  }
  if (lead_date(x, &d, &at, &k)) {
    r->published = d;
    r->published_ev = jk_mkspan(at, at + k);
  }
}

/* Kanji or Arabic small number at p (第二報, 続報2). */
static int small_number(const char *p, size_t n, size_t *used) {
  long long v = 0;
  int ovf = 0;
  size_t k = jk_parse_number(p, n, &v, &ovf);
  if (!k || ovf || v < 1 || v > 50) return 0;
  *used = k;
  return (int)v;
}

static void report_seq_in(jk_xctx *x, size_t hs, size_t he);

/* A letter that opens with its date has its title on a later line: the
   report number is in the title. */
static void report_seq(jk_xctx *x) {
  if (x->title_s != x->head) {
    report_seq_in(x, x->title_s, x->title_e);
    if (x->r->report_seq > 1) return;
  }
  report_seq_in(x, x->head, x->head_end);
  if (x->r->report_seq > 1) return;
  /* 調査報告書 / (最終報): the title's bracket on a line of its own. */
  size_t ls = x->title_e < x->n ? x->title_e + 1 : x->n;
  size_t le = ls;
  while (le < x->n && x->t[le] != '\n') le++;
  const char *p = x->t + ls;
  size_t n = le - ls;
  jk_trim(&p, &n);
  if (n && !jk_cp_more(p, n, 14) && (p[0] == '(' || jk_starts(p, n, "【")) && jk_has(p, n, "報")) {
    jk_span keep = x->r->report_seq_ev;
    report_seq_in(x, (size_t)(p - x->t), (size_t)(p - x->t) + n);
    if (x->r->report_seq == 1) x->r->report_seq_ev = keep;
  }
}

/* Is the date printed just before off (…11月4日付で公表) the notice's own
   date?  Then the phrase reports this notice, not an earlier one. */
static bool cited_date_is_published(const jk_xctx *x, size_t off) {
  size_t cs, ce;
  jk_clause_at(x->t, x->n, off, &cs, &ce);
  size_t lo = off > cs + 40 ? off - 40 : cs;
  for (size_t q = lo; q < off;) {
    unsigned char c = (unsigned char)x->t[q];
    jk_date d;
    size_t k = 0;
    if (((c >= '0' && c <= '9') || jk_starts(x->t + q, x->n - q, "令和")) &&
        !(q > lo && x->t[q - 1] >= '0' && x->t[q - 1] <= '9'))
      k = jk_parse_date(x->t + q, off - q, x->r->published.y, &d);
    if (k && d.m && d.d) {
      /* The date must end where the reference starts (日付で公表, 付で公表). */
      if (q + k + 6 >= off) return d.y == x->r->published.y && d.m == x->r->published.m && d.d == x->r->published.d;
      q += k;
    } else {
      q += jk_cp_len(x->t + q, x->n - q);
    }
  }
  return false;
}

/*
** The first sentence names the earlier report by its date: 令和7年8月22日
** にお知らせした…の件について.  Only the opening sentence: later, …日にお知
** らせしました is as likely a letter to those affected.
*/
static bool dated_earlier_report(const jk_xctx *x, size_t *at, size_t *len) {
  size_t s = x->body;
  while (s < x->n && (x->t[s] == '\n' || x->t[s] == ' ')) s++;
  size_t lim = x->n - s < 900 ? x->n - s : 900;
  while (lim > 0 && s + lim < x->n && (((unsigned char)x->t[s + lim]) & 0xC0) == 0x80) lim--;
  /* The first two sentences. */
  const char *stop = jk_find(x->t + s, lim, "。");
  if (stop) {
    const char *stop2 = jk_find(stop + 3, (size_t)(x->t + s + lim - stop - 3), "。");
    if (stop2) stop = stop2;
  }
  size_t e = stop ? (size_t)(stop - x->t) : s + lim;
  /* 3月2日に当会ホームページにて途中経過をお知らせいたしましたが: a date,
     a place of publication, and the verb. */
  static const char *const published[] = {"お知らせいたしました", "お知らせしました", "公表いたしました",
                                          "公表しました", "掲載いたしました", "掲載しました"};
  static const char *const venues[] = {"サイト", "ホームページ", "HP", "にて", "で公表"};
  size_t which;
  for (const char *q = x->t + s; q < x->t + e &&
                                 (q = jk_find_any(q, (size_t)(x->t + e - q), published, 6, &which)) != NULL;
       q += strlen(published[which])) {
    size_t back = (size_t)(q - (x->t + s)) < 90 ? (size_t)(q - (x->t + s)) : 90;
    const char *b = q - back;
    while (b < q && (((unsigned char)*b) & 0xC0) == 0x80) b++;
    if (jk_has(b, (size_t)(q - b), "日") && jk_has_any(b, (size_t)(q - b), venues, 5)) {
      *at = (size_t)(q - x->t);
      *len = strlen(published[which]);
      return true;
    }
  }
  static const char *const refs[] = {"日にお知らせした", "日にお知らせいたしました", "日にお知らせしました", "日に公表",
                                     "日に発表", "日付でお知らせ", "日付けでお知らせ", "日付で公表", "日にご報告"};
  const char *q = jk_find_any(x->t + s, e - s, refs, sizeof refs / sizeof refs[0], &which);
  if (!q || (x->r->published.d && cited_date_is_published(x, (size_t)(q - x->t) + 3))) return false;
  *at = (size_t)(q - x->t) + 3;
  *len = strlen(refs[which]) - 3;
  return true;
}

/* Does the body cite an earlier notice of the issuer (a reference word:
   …にてお知らせ, 第1報, 前回)? */
static bool cites_earlier(const jk_xctx *x) {
  size_t lim = x->n < x->body + 4000 ? x->n : x->body + 4000;
  for (size_t hi = 0; hi < x->nlh; hi++)
    if (x->lh[hi].table == JK_LX_REF && x->lh[hi].off >= x->body && x->lh[hi].off < lim) return true;
  size_t at, len;
  return dated_earlier_report(x, &at, &len);
}

/*
** 7月11日(第1報)及び8月8日(第2報)にお知らせいたしました / 5月23日の第2報で
** お知らせいたしました: the highest earlier report the body names with a verb
** of publishing after it (not 第1報の時点で報告, a report to the regulator).
** Returns it (0 if none) and its span.
*/
static int earlier_report_named(const jk_xctx *x, size_t from, size_t lim, size_t *at, size_t *len) {
  static const char *const verbs[] = {"お知らせいたしました", "お知らせしました", "お知らせした", "公表いたしました",
                                      "公表しました", "公表した", "ご報告いたしました", "ご報告しました", "発表いたしました",
                                      "発表しました", "掲載いたしました", "掲載しました"};
  int best = 0;
  for (const char *q = x->t + from; (q = jk_find(q, (size_t)(x->t + lim - q), "第")) != NULL; q += 3) {
    size_t rest = (size_t)(x->t + lim - q - 3), used;
    int v = small_number(q + 3, rest, &used);
    if (!v || v > 20 || !jk_starts(q + 3 + used, rest - used, "報")) continue;
    const char *a = q + 3 + used + 3;
    size_t an = (size_t)(x->t + lim - a) < 40 ? (size_t)(x->t + lim - a) : 40;
    const char *stop = jk_find(a, an, "。");
    if (stop) an = (size_t)(stop - a);
    /* Only joiners between: )にて / でお知らせ / 、5月23日の第2報で. */
    const char *verb = jk_find_any(a, an, verbs, sizeof verbs / sizeof verbs[0], NULL);
    if (!verb || jk_has(a, (size_t)(verb - a), "時点")) continue;
    if (v > best) {
      best = v;
      *at = (size_t)(q - x->t);
      *len = 3 + used + 3;
    }
  }
  return best;
}

static void report_seq_in(jk_xctx *x, size_t hs, size_t he) {
  jk_record *r = x->r;
  const char *h = x->t + hs;
  size_t hn = he - hs;
  r->report_seq = 1;
  const char *p;
  size_t used;
  if ((p = jk_find(h, hn, "第")) != NULL) {
    for (const char *q = p; q && q < h + hn; q = jk_find(q + 3, (size_t)(h + hn - q - 3), "第")) {
      size_t rest = (size_t)(h + hn - q - 3);
      int v = small_number(q + 3, rest, &used);
      if (v && jk_starts(q + 3 + used, rest - used, "報")) {
        r->report_seq = v;
        r->report_seq_ev = jk_mkspan((size_t)(q - x->t), (size_t)(q - x->t) + 3 + used + 3);
        return;
      }
    }
  }
  if ((p = jk_find(h, hn, "続報")) != NULL) {
    size_t rest = (size_t)(h + hn - p - 6);
    int v = small_number(p + 6, rest, &used);
    r->report_seq = v ? v + 1 : 2;
    r->report_seq_ev = jk_mkspan((size_t)(p - x->t), (size_t)(p - x->t) + 6 + (v ? used : 0));
    /* 【続報】 alone says "not the first": the body may name two earlier
       reports, which makes this the third. */
    if (v) return;
  }
  /* 2報目, (その3): the number in other words. */
  bool prose = jk_has(h, hn, "。") || jk_cp_count(h, hn) > 200;
  for (const char *q = h; !prose && (q = jk_find(q, (size_t)(h + hn - q), "報目")) != NULL; q += 6) {
    const char *b = q;
    while (b > h && b[-1] >= '0' && b[-1] <= '9') b--;
    int v = b < q ? small_number(b, (size_t)(q - b), &used) : 0;
    if (v > 1 && used == (size_t)(q - b)) {
      r->report_seq = v;
      r->report_seq_ev = jk_mkspan((size_t)(b - x->t), (size_t)(q - x->t) + 6);
      return;
    }
  }
  static const char sono[] = "(その";
  const size_t sl = sizeof sono - 1;
  if (!prose && (p = jk_find(h, hn, sono)) != NULL) {
    size_t rest = (size_t)(h + hn - p - sl);
    int v = small_number(p + sl, rest, &used);
    if (v > 1 && jk_starts(p + sl + used, rest - used, ")")) {
      r->report_seq = v;
      r->report_seq_ev = jk_mkspan((size_t)(p - x->t), (size_t)(p - x->t) + sl + used + 1);
      return;
    }
  }
  /* (開示事項の経過), 調査結果のお知らせ: an update — in a title, not in prose. */
  static const char *const update_words[] = {"経過", "最終報", "調査結果", "確定報", "その後", "追加報告",
                                             "追加のお知らせ", "(更新)", "【更新】"};
  for (size_t i = 0; i < sizeof update_words / sizeof update_words[0] && !prose && r->report_seq == 1; i++) {
    if ((p = jk_find(h, hn, update_words[i])) != NULL) {
      /* 調査結果のご報告 is a first report too, when the body cites no
         earlier notice. */
      if (strcmp(update_words[i], "調査結果") == 0 && !cites_earlier(x)) continue;
      r->report_seq = 2;
      r->report_seq_ev = jk_mkspan((size_t)(p - x->t), (size_t)(p - x->t) + strlen(update_words[i]));
      break;
    }
  }
  /*
  ** The body refers to the issuer's earlier notices: 2023年3月31日付「…」にて
  ** お知らせ…, 5月24日の第一報、5月27日の第二報にてお知らせ….  Each earlier
  ** notice named in that sentence is one report before this one.
  */
  size_t from = prose ? x->head : x->body;
  size_t lim = x->n < from + 4000 ? x->n : from + 4000;
  const char *first = NULL;
  const char *first_ref = NULL;
  for (size_t hi = 0; hi < x->nlh && !first; hi++) {
    const jk_lhit *lh = &x->lh[hi];
    if (lh->table != JK_LX_REF || lh->off < from || lh->off >= lim) continue;
    const char *ref = jk_ref_words[lh->idx];
    /* 付「…」 must be a dated reference to a publication. */
    if (strcmp(ref, "付「") == 0) {
      size_t cs, ce;
      jk_clause_at(x->t, x->n, lh->off, &cs, &ce);
      if (!jk_has(x->t + cs, ce - cs, "にて") && !jk_has(x->t + cs, ce - cs, "で公表") &&
          !jk_has(x->t + cs, ce - cs, "にお知らせ"))
        continue;
    }
    /* 判明いたしましたら、続報としてお知らせいたします: a report promised,
       not one made. */
    if (strstr(ref, "続報")) {
      static const char *const promised[] = {"ましたら", "次第", "予定", "後日", "改めて", "でき次第", "たら、"};
      size_t cs, ce;
      jk_clause_at(x->t, x->n, lh->off, &cs, &ce);
      if (jk_has_any(x->t + cs, ce - cs, promised, sizeof promised / sizeof promised[0])) continue;
    }
    /* 同協会が11月4日付で公表した: a blog citing the notice itself, dated
       the day it was published, is no earlier report. */
    if (r->published.d && cited_date_is_published(x, lh->off)) continue;
    first = x->t + lh->off;
    first_ref = ref;
  }
  if (!first) {
    size_t at = 0, len = 0;
    int named = earlier_report_named(x, from, lim, &at, &len);
    if (named + 1 > r->report_seq) {
      r->report_seq = named + 1;
      r->report_seq_ev = jk_mkspan(at, at + len);
      return;
    }
    if (r->report_seq == 1 && dated_earlier_report(x, &at, &len)) {
      r->report_seq = 2;
      r->report_seq_ev = jk_mkspan(at, at + len);
    }
    return;
  }
  size_t cs, ce;
  jk_clause_at(x->t, x->n, (size_t)(first - x->t), &cs, &ce);
  /* 2024年1月26日に公表いたしました「…」及び2024年3月1日に公表いたしました「…」:
     the same phrase once per earlier notice. */
  int earlier = 0;
  for (const char *q = x->t + cs; (q = jk_find(q, (size_t)(x->t + ce - q), first_ref)) != NULL; q += strlen(first_ref))
    earlier++;
  if (earlier < 1) earlier = 1;
  /* 3月1日及び3月5日にお知らせしたとおり: one earlier notice per date named
     before the reference in its sentence. */
  int dates = 0;
  for (size_t q = cs; q < (size_t)(first - x->t) && dates < 20;) {
    unsigned char c = (unsigned char)x->t[q];
    jk_date d;
    size_t k = 0;
    if (((c >= '0' && c <= '9') || jk_starts(x->t + q, x->n - q, "令和")) &&
        !(q > cs && x->t[q - 1] >= '0' && x->t[q - 1] <= '9'))
      k = jk_parse_date(x->t + q, (size_t)(first - x->t) - q, x->year, &d);
    if (k && d.m && d.d) {
      dates++;
      q += k;
    } else {
      q += jk_cp_len(x->t + q, x->n - q);
    }
  }
  if (dates > earlier) earlier = dates;
  /* 第二報にてお知らせ: the highest earlier report named. */
  for (const char *q = x->t + cs; (q = jk_find(q, (size_t)(x->t + ce - q), "第")) != NULL; q += 3) {
    size_t rest = (size_t)(x->t + ce - q - 3);
    int v = small_number(q + 3, rest, &used);
    if (v && jk_starts(q + 3 + used, rest - used, "報") && v >= earlier) earlier = v;
  }
  if (earlier > 20) earlier = 20;
  if (earlier + 1 > r->report_seq) {
    r->report_seq = earlier + 1;
    r->report_seq_ev = jk_mkspan((size_t)(first - x->t), (size_t)(first - x->t) + strlen(first_ref));
  }
}

/* Title: the heading without the casebook number, issuer and date. */
static void title(jk_xctx *x) {
  jk_record *r = x->r;
  size_t s = x->title_s, e = x->title_e;
  const char *h = x->t + s;
  s += jk_casebook_marker(h, e - s, NULL, NULL);
  /* 株式会社NTTドコモ 【お詫び】…: the title follows the issuer and a space.
     宇部市教育ネットワーク内における…: the issuer is part of the title. */
  if (r->org && r->org_ev.len && r->org_ev.off >= s && r->org_ev.off <= s + 8) {
    size_t after = r->org_ev.off + r->org_ev.len;
    if (after < e && (x->t[after] == ' ' || jk_starts(x->t + after, e - after, "\xE3\x80\x80"))) s = after;
    else if (after < e && (jk_starts(x->t + after, e - after, "、") || x->t[after] == ',')) s = after + (x->t[after] == ',' ? 1 : 3);
  }
  if (r->published.y && r->published_ev.len && r->published_ev.off >= s && r->published_ev.off < e) {
    /* Drop the date (and what follows it on the line: 更新, the issuer). */
    size_t ds = r->published_ev.off;
    size_t de = ds + r->published_ev.len;
    if (ds > s + 6) e = ds;
    /* 2025.04.11 診療明細書の誤交付について: a news list's date first. */
    else if (ds <= s + 6 && de < e && de > s) {
      size_t t0 = de;
      while (t0 < e && (x->t[t0] == ' ' || x->t[t0] == ')' || x->t[t0] == ']')) t0++;
      bool words = false; /* 18:20:00 after the date is no title */
      for (size_t q = t0; q < e && !words; q += jk_cp_len(x->t + q, e - q))
        words = jk_is_kanji_at(x->t + q, e - q) || jk_is_kana_at(x->t + q, e - q);
      if (words && jk_cp_more(x->t + t0, e - t0, 5)) s = t0;
    }
  }
  const char *p = x->t + s;
  size_t n = e - s;
  jk_trim(&p, &n);
  while (n && (p[0] == ' ' || p[0] == ',')) {
    p++;
    n--;
  }
  while (n && (p[n - 1] == '(' || p[n - 1] == ' ')) n--; /* …について(10/4) without its date */
  if (!n) return;
  /* 2018-08-13 18:20:00 or 更新日:…: a date is no title; a paragraph of
     prose is none either. */
  jk_date d;
  size_t dat, dlen;
  if (date_only_line(p, n, x->year, &d, &dat, &dlen) || jk_cp_more(p, n, 200)) return;
  r->title = jk_arena_strndup(r->arena, p, n);
  r->title_ev = jk_mkspan((size_t)(p - x->t), (size_t)(p - x->t) + n);
}

/* Printed errors worth an analyst's attention. */
static void anomalies(jk_xctx *x) {
  jk_record *r = x->r;
  if (r->published.y && x->year && r->casebook_id && abs(r->published.y - x->year) > 1) {
    char msg[160];
    snprintf(msg, sizeof msg, "year printed as %d, casebook number says %d", r->published.y, x->year);
    jk_items_add(r, &r->anomalies, msg, strlen(msg), r->published_ev);
  }
}

/* ---- the pipeline ------------------------------------------------------ */

/* Where the byte at original offset off went in the joined text (a line
   start that was kept, so it is there). */
static size_t joined_offset(const uint32_t *map, size_t n, size_t off) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (map[mid] < off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The line of x->t that holds offset s: [ls, le).  A heading the page
   margin cut from the line before it is read with that line. */
static void line_at(const jk_xctx *x, size_t s, size_t *ls, size_t *le) {
  if (s > x->n) s = x->n;
  const char *nl = s < x->n ? memchr(x->t + s, '\n', x->n - s) : NULL;
  while (s > 0 && x->t[s - 1] != '\n') s--;
  *ls = s;
  *le = nl ? (size_t)(nl - x->t) : x->n;
}

/* A span of the joined text as a span of the notice as stored. */
static void remap(jk_span *sp, const uint32_t *map, size_t n) {
  if (sp->off > n) return;
  if (sp->len == 0) {
    sp->off = map[sp->off];
    return;
  }
  size_t end = (size_t)sp->off + sp->len;
  if (end > n) end = n;
  uint32_t s = map[sp->off], e = map[end - 1] + 1;
  sp->off = s;
  sp->len = e > s ? e - s : 0;
}

static void remap_items(jk_items *it, const uint32_t *map, size_t n) {
  for (size_t i = 0; i < it->n; i++) remap(&it->v[i].ev, map, n);
}

static void remap_record(jk_record *r, const uint32_t *map, size_t n) {
  jk_span *one[] = {&r->casebook_id_ev, &r->org_ev,   &r->published_ev, &r->report_seq_ev,
                    &r->category_ev,    &r->affected_ev, &r->card_ev,    &r->vendor_ev,
                    &r->title_ev,       &r->exposure_ev, &r->discovered_ev};
  for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) remap(one[i], map, n);
  for (size_t i = 0; i < JK_DT_COUNT; i++) remap(&r->data_type_ev[i], map, n);
  for (size_t i = 0; i < JK_AUTH_COUNT; i++) remap(&r->reported_to_ev[i], map, n);
  remap_items(&r->products, map, n);
  remap_items(&r->measures, map, n);
  remap_items(&r->anomalies, map, n);
}

/* Is the span inside the heading or the title line? */
static bool in_title(const jk_xctx *x, jk_span sp) {
  return sp.len && ((sp.off >= x->head && sp.off < x->head_end) || (sp.off >= x->title_s && sp.off < x->title_e));
}

/*
** How sure the fields decided here are, from where their evidence stands:
** the heading and the title are the issuer's own summary; a date or a
** report number from deep in the body may be another event's.  (Issuer,
** cause, count, data and parties set theirs in their own files.)
*/
static void confidences(jk_xctx *x) {
  jk_record *r = x->r;
  r->confidence[JK_F_CASEBOOK_ID] = r->casebook_id ? 1.0f : 0.95f;
  if (in_title(x, r->published_ev)) r->confidence[JK_F_PUBLISHED] = 0.9f;
  else if (r->published_ev.len && r->published_ev.off < x->body + 600) r->confidence[JK_F_PUBLISHED] = 0.85f;
  else if (r->published_ev.len) r->confidence[JK_F_PUBLISHED] = 0.7f;
  else r->confidence[JK_F_PUBLISHED] = 0.6f;
  static const char *const series[] = {"第1報", "第2報", "第3報", "続報", "前報", "既報", "第一報", "第二報"};
  if (in_title(x, r->report_seq_ev)) r->confidence[JK_F_REPORT_SEQ] = 0.9f;
  else if (r->report_seq_ev.len) r->confidence[JK_F_REPORT_SEQ] = 0.7f;
  else {
    size_t lim = x->n - x->body < 4000 ? x->n - x->body : 4000; /* where earlier reports are named */
    r->confidence[JK_F_REPORT_SEQ] = jk_has_any(x->t + x->body, lim, series, sizeof series / sizeof series[0]) ? 0.6f : 0.9f;
  }
}

static jk_rc run(const char *text, size_t len, int heading_index, int title_index, const char *publisher,
                 jk_record *r) {
  jk_xctx x;
  memset(&x, 0, sizeof x);
  x.publisher = publisher && *publisher ? publisher : NULL;
  char *copy = jk_arena_strndup(r->arena, text, len);
  if (!copy) return JK_ENOMEM;
  r->text = copy;
  r->text_len = len;
  x.t = copy;
  x.n = len;
  x.r = r;
  /* Locate the heading line. */
  size_t pos = 0;
  for (int i = 0; i < heading_index && pos < len; i++) {
    const char *nl = memchr(copy + pos, '\n', len - pos);
    if (!nl) break;
    pos = (size_t)(nl - copy) + 1;
  }
  x.head = pos;
  const char *nl = memchr(copy + pos, '\n', len - pos);
  x.head_end = nl ? (size_t)(nl - copy) : len;
  x.body = nl ? x.head_end + 1 : len;
  x.tail = len;
  /* A letter that opens with its date: the title is a later line. */
  x.title_s = x.head;
  x.title_e = x.head_end;
  if (title_index > heading_index) {
    size_t tp = 0;
    for (int i = 0; i < title_index && tp < len; i++) {
      const char *q = memchr(copy + tp, '\n', len - tp);
      if (!q) break;
      tp = (size_t)(q - copy) + 1;
    }
    const char *q = memchr(copy + tp, '\n', len - tp);
    x.title_s = tp;
    x.title_e = q ? (size_t)(q - copy) : len;
  }

  /* Text broken at a page margin is read joined; evidence is mapped back. */
  char *joined;
  size_t joined_len;
  uint32_t *map = NULL;
  if (jk_unwrap(copy, len, r->arena, &joined, &joined_len, &map)) {
    size_t head = joined_offset(map, joined_len, x.head);
    size_t title_s = joined_offset(map, joined_len, x.title_s);
    x.t = joined;
    x.n = joined_len;
    line_at(&x, head, &x.head, &x.head_end);
    x.body = x.head_end < x.n ? x.head_end + 1 : x.n;
    x.tail = x.n;
    line_at(&x, title_s, &x.title_s, &x.title_e);
  }

  r->affected = -1;
  r->report_seq = 1;
  jk_lex(&x);
  casebook_and_heading(&x);
  published(&x);
  if (!x.year && r->published.y) x.year = r->published.y;
  jk_x_org(&x);
  title(&x);
  report_seq(&x);
  jk_x_category(&x);
  jk_x_data(&x);
  jk_x_affected(&x);
  jk_x_parties(&x);
  jk_x_facts(&x);
  anomalies(&x);
  confidences(&x);
  if (map) remap_record(r, map, x.n);
  return JK_OK;
}

static jk_rc new_record(jk_record **out) {
  jk_record *r = calloc(1, sizeof *r);
  if (!r) return JK_ENOMEM;
  r->arena = jk_arena_new();
  if (!r->arena) {
    free(r);
    return JK_ENOMEM;
  }
  *out = r;
  return JK_OK;
}

jk_rc jk_extract(const jk_segment *seg, const char *source_file, jk_record **out) {
  jk_record *r;
  *out = NULL;
  if (new_record(&r)) return JK_ENOMEM;
  if (source_file) r->source_file = jk_arena_strdup(r->arena, source_file);
  r->first_line = seg->first_line;
  r->last_line = seg->last_line;
  r->heading_line = seg->heading_line;
  r->title_line = seg->title_line > seg->heading_line ? seg->title_line : 0;
  int hi = seg->heading_line - seg->first_line;
  if (hi < 0) hi = 0;
  int ti = seg->title_line ? seg->title_line - seg->first_line : -1;
  jk_rc rc = run(seg->text, seg->len, hi, ti, seg->publisher, r);
  if (rc) {
    jk_record_free(r);
    return rc;
  }
  *out = r;
  return JK_OK;
}

jk_rc jk_extract_text(const char *text, size_t len, jk_record **out) {
  jk_record *r;
  *out = NULL;
  jk_buf norm;
  jk_buf_init(&norm);
  if (jk_normalize(text, len, &norm, NULL)) {
    jk_buf_free(&norm);
    return JK_ENOMEM;
  }
  if (new_record(&r)) {
    jk_buf_free(&norm);
    return JK_ENOMEM;
  }
  r->first_line = r->heading_line = 1;
  r->last_line = 1;
  for (size_t i = 0; i < norm.len; i++)
    if (norm.p[i] == '\n') r->last_line++;
  jk_rc rc = run(norm.p ? norm.p : "", norm.len, 0, -1, NULL, r);
  jk_buf_free(&norm);
  if (rc) {
    jk_record_free(r);
    return rc;
  }
  *out = r;
  return JK_OK;
}
