/*
** split.c — finding the notices in a document.
**
** A document may be one notice, or a blog page holding many, mixed with
** posts that are not notices (tool lists, travel diaries, surveys).  The
** splitter reads the document line by line, as a stream, and cuts it into
** segments at headings:
**
**   casebook  【セキュリティ事件簿#2023-295】…  — always a notice;
**   titled    a title line with a breach word and a date on the same line
**             (ウェブサイト改ざんに関するお知らせとお詫び 2031年6月2日 株式会社 架空),
**             or on one of the next two lines — a notice;
**   preamble  whatever comes before the first heading: a notice when its
**             words say so (お詫び, 個人情報, 漏えい …), else another post.
**
** Memory is bounded by the largest segment: lines are normalised as they
** arrive, a heading is decided once LOOKAHEAD more lines are known, and a
** finished segment is handed to the caller and dropped.
*/
#include "jk_int.h"

#include <stdlib.h>
#include <string.h>

/* Lines of look-ahead needed to decide whether a line is a heading. */
#define LOOKAHEAD 8

typedef struct line {
  size_t raw_off, raw_len;   /* in s->raw, including its LF if it had one */
  size_t norm_off, norm_len; /* in s->norm, without the LF */
  int lineno;                /* 1-based line in the document */
  long long doc_off;         /* byte offset of the raw line in the document */
} line;

enum { SEG_PREAMBLE = 0, SEG_CASEBOOK, SEG_TITLED, SEG_CONTINUATION, SEG_POST };

struct jk_splitter {
  jk_segment_fn fn;
  void *ctx;
  jk_diags *diags;
  jk_buf pending;       /* raw bytes of an unfinished line */
  long long pending_off;/* document offset of pending[0] */
  int lineno;           /* number of the line being assembled */
  int line_cut;         /* the current line was cut at JK_MAX_LINE */
  jk_buf raw, norm;     /* text of the current segment */
  line *lines;
  size_t nlines, cap;
  size_t checked;       /* lines [0, checked) have had their heading test */
  int kind;             /* SEG_* of the current segment */
  int cont_notice;      /* is_notice carried into a continuation */
  int titled_inside;    /* the preamble holds a notice title with a date */
  size_t title_idx;     /* preamble_heading's title line, (size_t)-1 if none */
  int stopped;          /* the callback asked to stop */
  int emitted;          /* segments handed to the callback so far */
  char site[128];       /* the page header's site name, "" none */
  jk_buf tmp;
};

/* ---- line classification --------------------------------------------- */

/*
** 【セキュリティ事件簿#2023-295】 or, as printed sometimes, #2022】 without
** a serial; or a blog's bare item number, #2025-603 followed by a space
** (a year, a dash and a serial: a lone #tag is not a casebook number).
** Returns the bytes of the marker (up to and including 】, or the number
** and its space), 0 if the line is not a casebook heading; id gets the
** number as printed (may be YYYY alone).
*/
size_t jk_casebook_marker(const char *p, size_t n, const char **id, size_t *idn) {
  size_t k = jk_skip_space(p, n);
  static const char *const heads[] = {"【セキュリティ事件簿#", "【セキュリティ事件簿 #", "【事件簿#", "#"};
  for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
    if (!jk_starts(p + k, n - k, heads[h])) continue;
    bool bare = heads[h][0] == '#';
    size_t i = k + strlen(heads[h]);
    size_t s = i;
    while (i < n && ((p[i] >= '0' && p[i] <= '9') || p[i] == '-')) i++;
    if (i - s < 4) return 0;
    if (bare) {
      /* #2025-603 : four digits, a dash, a serial, then a space. */
      if (i - s < 6 || p[s + 4] != '-' || i >= n || p[i] != ' ') return 0;
      for (size_t d = s; d < s + 4; d++)
        if (p[d] < '0' || p[d] > '9') return 0;
    }
    if (id) *id = p + s;
    if (idn) *idn = i - s;
    if (bare) return i + 1;
    const char *close = jk_find(p + i, n - i, "】");
    return close ? (size_t)(close - p) + 3 : i;
  }
  return 0;
}

bool jk_casebook_heading(const char *p, size_t n, const char **id, size_t *idn) {
  return jk_casebook_marker(p, n, id, idn) != 0;
}

/* Does the line start like a list item, a label or a breadcrumb? */
static bool listish(const char *p, size_t n) {
  size_t k = jk_skip_space(p, n);
  p += k;
  n -= k;
  if (n == 0) return true;
  static const char *const marks[] = {"・", "•", "●", "○", "◆", "◇", "■", "□", "▪", "※", "*", "-",
                                      "〇", "件名", "Subject", "題名", "Re:", "RE:", ">>", "→", "⇒",
                                      "現在地", "ホーム >", "ホーム>", "トップ >", "トップ>", "TOP >", "Home >"};
  for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
    if (jk_starts(p, n, marks[i])) return true;
  /* 1. / 1 / (1) / 第1 numbering */
  size_t i = 0;
  if (p[0] == '(') i = 1;
  size_t d = i;
  while (i < n && p[i] >= '0' && p[i] <= '9') i++;
  /* 2025.04.11 / 2025/4/11 is a date, not a number of a list. */
  if (i - d == 4 && i + 1 < n && (p[i] == '.' || p[i] == '/') && p[i + 1] >= '0' && p[i + 1] <= '9') return false;
  if (i > d && i < n && (p[i] == '.' || p[i] == ')' || p[i] == ' ' || p[i] == ':')) return true;
  if (jk_has(p, n, " > ") || jk_has(p, n, ">>") || jk_has(p, n, "://")) return true;
  return false;
}

/* Does the line hold a word that breach-notice titles use? */
static bool has_title_word(const char *p, size_t n) {
  if (jk_has_any(p, n, jk_title_words, jk_title_words_n)) return true;
  /* 患者さまのお名前が…: people's data named, a few characters after whose.
     Data words are the rarer: find them, then look back for whose. */
  /* One indexed pass over the line for all of them; a word inside the one
     found (名前 in お名前) adds nothing: the look back from the outer word
     covers it. */
  size_t w;
  for (const char *q = p;
       (q = jk_find_any(q, (size_t)(p + n - q), jk_people_data_words, jk_people_data_words_n, &w)) != NULL;
       q += strlen(jk_people_data_words[w])) {
    const char *b = q;
    for (int c = 0; c < 5 + 5 && b > p; c++) b = jk_cp_prev(p, b); /* 5 between, a word of up to 5 */
    for (const char *s = b; s < q; s += jk_cp_len(s, (size_t)(q - s))) {
      size_t wl;
      if (!jk_starts_any(s, (size_t)(p + n - s), jk_people_words, jk_people_words_n, &wl)) continue;
      /* at most five characters between whose and what */
      if (s + wl <= q && !jk_cp_more(s + wl, (size_t)(q - s - wl), 5)) return true;
    }
  }
  return false;
}

/* Does [p,n) contain a full date (year, month, day)? */
static bool has_full_date(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if ((c >= '0' && c <= '9') || c == 0xE4 /* 令 平 */ || c == 0xE5) {
      if (i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9') continue;
      jk_date d;
      if (jk_parse_date(p + i, n - i, 0, &d) && d.y && d.m && d.d) return true;
    }
  }
  return false;
}

/* Is the whole line (trimmed) a date, maybe with a label like 更新日? */
static bool date_line(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (n == 0 || n > 60) return false;
  return has_full_date(p, n) && !has_title_word(p, n);
}

/*
** Could this line be a notice title?  Short, not a sentence, not a list
** item, with a breach word.
*/
static bool title_like(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (!jk_cp_more(p, n, 5) || jk_cp_more(p, n, 160)) return false;
  /* 【閲覧可能であった期間】: a section's heading, not a notice's title. */
  if (jk_starts(p, n, "【") && jk_ends(p, n, "】") && !jk_has(p + 3, n - 6, "】")) return false;
  if (jk_ends(p, n, "。") || jk_ends(p, n, "、")) return false;
  if (listish(p, n)) return false;
  /* A sentence that happens to be short: 。 inside means prose. */
  if (jk_has(p, n, "。")) return false;
  return has_title_word(p, n);
}

/* Endings of a notice title: …について, …お知らせ, …お詫び, …(お詫び). */
static bool title_ending(const char *p, size_t n) {
  jk_trim(&p, &n);
  /* …について(お詫び)株式会社○○: a title with its issuer after it. */
  for (const char *q = p + n; q > p; q--) {
    if (q[-1] == ')' && q < p + n) {
      if (title_ending(p, (size_t)(q - p))) return true;
      break;
    }
  }
  while (n > 0 && (p[n - 1] == ')' || p[n - 1] == ' ')) {
    /* (お詫び), (第2報), (続報): look inside the bracket too. */
    const char *open = NULL;
    for (const char *q = p + n - 1; q > p; q--)
      if (*q == '(') {
        open = q;
        break;
      }
    if (!open) break;
    if (title_ending(open + 1, (size_t)(p + n - 1 - (open + 1)))) return true;
    n = (size_t)(open - p);
    jk_trim(&p, &n);
  }
  /* 架空漁協「…についてのお詫び」: a blog quotes the title after its issuer. */
  if (jk_ends(p, n, "」")) {
    const char *open = NULL;
    for (const char *q = p; (q = jk_find(q, (size_t)(p + n - q), "「")) != NULL; q += 3) open = q;
    if (open && title_ending(open + 3, (size_t)(p + n - 3 - (open + 3)))) return true;
  }
  static const char *const ends[] = {"について", "お知らせ", "お詫び", "おわび", "報告", "ご案内", "事案", "発生",
                                     "件", "お願い", "第2報", "第二報", "続報", "】"};
  for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
    if (jk_ends(p, n, ends[i])) return true;
  return false;
}

/* Text of line i of the current segment. */
static const char *ltext(jk_splitter *s, size_t i, size_t *n) {
  *n = s->lines[i].norm_len;
  return s->norm.p + s->lines[i].norm_off;
}

/*
** A rule drawn with characters (――――, ────, ＝＝＝＝, -----, *****): what
** separates the posts of a press-release or news page.
*/
static bool rule_line(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (n == 0) return false;
  static const char *const strokes[] = {"―", "─", "━", "—", "=", "-", "_", "*", "~", "〜", "・", "═", "…"};
  size_t count = 0;
  while (n > 0) {
    size_t l = 0;
    for (size_t k = 0; k < sizeof strokes / sizeof strokes[0] && !l; k++)
      if (jk_starts(p, n, strokes[k])) l = strlen(strokes[k]);
    if (!l) return false;
    p += l;
    n -= l;
    count++;
  }
  return count >= 5;
}

/* The list marks a dated line may start with. */
static const char *const date_marks[] = {"■", "□", "●", "○", "◆", "◇", "▼", "▽", "・", "◎"};

/* A date line, maybe after one list mark (■2025年6月20日, ・令和7年4月1日). */
static bool marked_date_line(const char *p, size_t n) {
  size_t lead = jk_skip_space(p, n);
  p += lead;
  n -= lead;
  for (size_t k = 0; k < sizeof date_marks / sizeof date_marks[0]; k++)
    if (jk_starts(p, n, date_marks[k])) {
      p += strlen(date_marks[k]);
      n -= strlen(date_marks[k]);
      break;
    }
  size_t k = jk_skip_space(p, n);
  if (k >= n || !((p[k] >= '0' && p[k] <= '9') || jk_starts(p + k, n - k, "令和") || jk_starts(p + k, n - k, "平成")))
    return false;
  return date_line(p, n);
}

/* Could the line start with a date (after a list mark)?  A cheap test
   before the dear ones: most lines do not. */
static bool dateish_start(const char *p, size_t n) {
  size_t k = jk_skip_space(p, n);
  size_t mk;
  if (jk_starts_any(p + k, n - k, date_marks, sizeof date_marks / sizeof date_marks[0], &mk)) k += mk;
  k += jk_skip_space(p + k, n - k);
  return k < n && ((p[k] >= '0' && p[k] <= '9') || jk_starts(p + k, n - k, "令和") || jk_starts(p + k, n - k, "平成"));
}

/* 2031/12/04 15:00 コード 8XX2 株式会社架空商事: a list item's head line that
   starts with its date, then who and when (no sentence). */
static bool dated_head(const char *p, size_t n) {
  jk_trim(&p, &n);
  jk_date d;
  size_t dl = n && p[0] >= '0' && p[0] <= '9' ? jk_parse_date(p, n, 0, &d) : 0;
  return dl && d.y && d.m && d.d && !jk_has(p, n, "。") && !jk_has(p, n, "、") && !jk_cp_more(p, n, 60) &&
         !has_title_word(p, n);
}

/* A line that is a date and little else (令和7年4月22日, 掲載日:2025年4月1日(火)). */
static bool bare_date_line(const char *p, size_t n) {
  jk_trim(&p, &n);
  for (size_t k = 0; k < n; k++) {
    unsigned char c = (unsigned char)p[k];
    if (!((c >= '0' && c <= '9') || jk_starts(p + k, n - k, "令和") || jk_starts(p + k, n - k, "平成"))) continue;
    jk_date d;
    size_t dl = jk_parse_date(p + k, n - k, 0, &d);
    if (!dl || !d.y || !d.m || !d.d) return false;
    return !jk_cp_more(p, k, 8) && !jk_cp_more(p + k + dl, n - k - dl, 8);
  }
  return false;
}

/* ■ …について: a title printed as a bulleted item; the bullet off. */
static void unbullet(const char **p, size_t *n) {
  static const char *const bullets[] = {"■", "□", "◆", "◇", "●", "▼", "★"};
  size_t bk, k0 = jk_skip_space(*p, *n);
  if (!jk_starts_any(*p + k0, *n - k0, bullets, sizeof bullets / sizeof bullets[0], &bk)) return;
  *p += k0 + bk;
  *n -= k0 + bk;
  jk_trim(p, n);
}

bool jk_bracket_date(const char *p, size_t n, int year, jk_date *d, size_t *at, size_t *len) {
  const char *q = p;
  size_t qn = n;
  jk_trim(&q, &qn);
  if (qn < 4 || q[qn - 1] != ')' || jk_has(q, qn, "。") || jk_cp_more(q, qn, 80)) return false;
  static const char *const labels[] = {"公表", "発表", "掲載", "付", "公開"};
  for (size_t i = qn - 1; i-- > 0 && qn - i <= 32;)
    if (q[i] == '(') {
      /* …(2025年12月1日) or …(2025年12月4日公表) */
      size_t inner = qn - i - 2;
      for (size_t l = 0; l < sizeof labels / sizeof labels[0]; l++)
        if (jk_ends(q + i + 1, inner, labels[l])) {
          inner -= strlen(labels[l]);
          break;
        }
      size_t k = jk_parse_date(q + i + 1, inner, year, d);
      if (!k || k != inner || !d->y || !d->d) break;
      *at = (size_t)(q - p) + i + 1;
      *len = k;
      return true;
    }
  /* (2025年12月1日公表), (架空印刷有限会社 2025年11月20日): a line that is
     only a bracket, holding the date with its label or who issued it. */
  if (q[0] != '(' || jk_cp_more(q, qn, 60)) return false;
  const char *in = q + 1;
  size_t inn = qn - 2;
  for (size_t l = 0; l < sizeof labels / sizeof labels[0]; l++)
    if (jk_ends(in, inn, labels[l])) {
      inn -= strlen(labels[l]);
      break;
    }
  const char *sp = NULL;
  for (const char *s = in; (s = memchr(s, ' ', (size_t)(in + inn - s))) != NULL; s++) sp = s;
  for (const char *s = in; (s = jk_find(s, (size_t)(in + inn - s), "、")) != NULL; s += 3)
    if (!sp || s + 2 > sp) sp = s + 2; /* (架空町、2025年11月28日公表) */
  const char *ds = sp ? sp + 1 : in;
  size_t k = jk_parse_date(ds, (size_t)(in + inn - ds), year, d);
  if (!k || ds + k != in + inn || !d->y || !d->d) return false;
  *at = (size_t)(ds - p);
  *len = k;
  return true;
}

static bool bracket_dated(const char *p, size_t n) {
  jk_date d;
  size_t at, len;
  return jk_bracket_date(p, n, 0, &d, &at, &len);
}

/* A line that ends a post: a sentence's end, or its contact line (問い合わせ:
   架空課 電話 0XX-XXX-XXXX).  On pages copied without blank lines, a date
   after it opens the next post. */
static bool paragraph_end(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (!n) return false;
  if (jk_ends(p, n, "。")) return true;
  /* …or the page's own path or list title above the first post. */
  if (jk_has(p, n, " > ") || jk_has(p, n, "一覧")) return true;
  static const char *const contact[] = {"問い合わせ", "問合せ", "お問い合わせ", "電話", "TEL", "Tel"};
  return jk_has_any(p, n, contact, sizeof contact / sizeof contact[0]) && p[n - 1] >= '0' && p[n - 1] <= '9';
}

/* お知らせ / 新着情報 / 重要なお知らせ: a line that labels the posts under it. */
static bool section_label(const char *p, size_t n) {
  jk_trim(&p, &n);
  static const char *const labels[] = {"お知らせ", "重要なお知らせ", "新着情報", "ニュース", "お詫び", "おわび",
                                       "緊急のお知らせ", "News", "NEWS", "Information", "INFORMATION", "重要",
                                       "プレスリリース", "ニュースリリース", "障害情報", "お知らせ・重要"};
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (n == strlen(labels[i]) && memcmp(p, labels[i], n) == 0) return true;
  return false;
}

/* Is line i a heading that starts a new notice?  Returns SEG_* or -1. */
/* 記者発表資料 / 報道発表資料: the label over a press release's header block. */
static bool press_label(const char *p, size_t n) {
  jk_trim(&p, &n);
  static const char *const labels[] = {"記者発表資料", "報道発表資料", "報道資料", "記者発表", "報道発表",
                                       "プレスリリース", "報道機関各位", "PRESS RELEASE", "Press Release"};
  return n && !jk_cp_more(p, n, 16) && jk_starts_any(p, n, labels, sizeof labels / sizeof labels[0], NULL);
}

/* 【コラム】…, 【告知】…: a blog's label for a post that is no notice. */
static bool post_label(const char *p, size_t n) {
  static const char *const labels[] = {"【コラム】", "【雑記】", "【告知】", "【イベント】", "【読書メモ】", "【日記】",
                                       "【メモ】", "【PR】", "【広告】", "【セミナー】", "【募集】", "【お知らせ】",
                                       "【解説】", "【まとめ】", "【レポート】", "【感想】", "【宣伝】"};
  size_t k = jk_skip_space(p, n);
  return jk_starts_any(p + k, n - k, labels, sizeof labels / sizeof labels[0], NULL);
}

static int heading_kind(jk_splitter *s, size_t i) {
  size_t n;
  const char *p = ltext(s, i, &n);
  /* The line without its bullet (■ …), for the rules of bulleted items. */
  const char *ub = p;
  size_t ubn = n;
  unbullet(&ub, &ubn);
  if (jk_casebook_heading(p, n, NULL, NULL)) return SEG_CASEBOOK;
  /* A blog's other post starts after a blank line; its words decide. */
  if (i > 0 && post_label(p, n) && !jk_cp_more(p, n, 80)) {
    size_t pn;
    const char *pp = ltext(s, i - 1, &pn);
    if (jk_blank(pp, pn)) return SEG_PREAMBLE;
  }
  /* A second press release on a page: its header block (label, date,
     issuer, 担当, 電話) starts it, and its title follows within a few
     lines (found as a preamble's title). */
  if (i > 0 && press_label(p, n)) {
    size_t pn;
    const char *pp = ltext(s, i - 1, &pn);
    if (jk_blank(pp, pn) || jk_has(pp, pn, "以上") || jk_has(pp, pn, "- ")) {
      for (size_t j = i + 1; j < s->nlines && j <= i + LOOKAHEAD; j++) {
        size_t qn;
        const char *q = ltext(s, j, &qn);
        if (title_like(q, qn) && title_ending(q, qn)) return SEG_PREAMBLE;
      }
    }
  }
  /* ――――――― / 報道発表資料 / 令和7年4月22日 / …: a page whose posts a
     rule separates; a post starts after the rule when a date or a label
     of its own follows (a rule above a contact block has neither). */
  if (i > 0 && !jk_blank(p, n) && !rule_line(p, n)) {
    size_t r = i - 1;
    size_t pn;
    const char *pp = ltext(s, r, &pn);
    if (jk_blank(pp, pn) && r > 0) pp = ltext(s, --r, &pn);
    if (rule_line(pp, pn)) {
      /* The label or date opens the post: one of its first two lines. */
      int seen = 0;
      for (size_t j = i; j < s->nlines && j <= i + 4 && seen < 2; j++) {
        size_t qn;
        const char *q = ltext(s, j, &qn);
        if (jk_blank(q, qn)) continue;
        if (rule_line(q, qn)) break;
        seen++;
        if (bare_date_line(q, qn) || press_label(q, qn) || bracket_dated(q, qn)) return SEG_PREAMBLE;
      }
    }
  }
  /* 2025年1月30日 / 【第1報】…について: a news page's date above each
     title; the notice starts at the date (found as a preamble's title). */
  if (i > 0 && dateish_start(p, n)) {
    size_t pn;
    const char *pp = ltext(s, i - 1, &pn);
    if ((jk_blank(pp, pn) || paragraph_end(pp, pn)) && (marked_date_line(p, n) || dated_head(p, n))) {
      for (size_t j = i + 1; j < s->nlines && j <= i + 2; j++) {
        size_t qn;
        const char *q = ltext(s, j, &qn);
        if (jk_blank(q, qn)) continue;
        if (title_like(q, qn) && title_ending(q, qn) && !has_full_date(q, qn)) return SEG_PREAMBLE;
        /* ■ 2031/12/05 架空三丁目子ども会 / …についてお詫び: a board's item
           with who posted it; a title without a breach word, its text decides. */
        if (title_ending(q, qn) && !has_full_date(q, qn) && !jk_has(q, qn, "。") && !jk_cp_more(q, qn, 80) &&
            !jk_starts(p + jk_skip_space(p, n), n - jk_skip_space(p, n), "0") &&
            (p[jk_skip_space(p, n)] < '0' || p[jk_skip_space(p, n)] > '9'))
          return SEG_PREAMBLE;
        break;
      }
    }
  }
  /* ■ …についてのお詫び(2025年10月24日): a digest's bulleted item, its date
     on the line — a notice's own sections carry no date. */
  {
    const char *q = ub;
    size_t qn = ubn;
    if (qn < n) {
      size_t pn;
      const char *pp = i > 0 ? ltext(s, i - 1, &pn) : NULL;
      if (title_like(q, qn) && has_full_date(q, qn) && (!pp || jk_blank(pp, pn) || rule_line(pp, pn))) {
        for (size_t k = 3; k < qn; k++) {
          if (q[k] != '(') continue;
          if (title_ending(q, k) && has_title_word(q, k) && has_full_date(q + k, qn - k)) return SEG_TITLED;
        }
      }
    }
  }
  /* ■2025-11-30 【転載】…の紛失(架空町): a blog's bulleted item, its date
     first; a labelled other post (【雑記】) is scored on its words. */
  {
    const char *q = ub;
    size_t qn = ubn;
    size_t pn = 0;
    const char *pp = i > 0 ? ltext(s, i - 1, &pn) : NULL;
    jk_date d;
    size_t dl = qn < n && qn && q[0] >= '0' && q[0] <= '9' ? jk_parse_date(q, qn, 0, &d) : 0;
    if (dl && d.y && d.m && d.d && dl < qn && (!pp || jk_blank(pp, pn) || rule_line(pp, pn))) {
      const char *t = q + dl;
      size_t tn = qn - dl;
      jk_trim(&t, &tn);
      if (post_label(t, tn)) return SEG_PREAMBLE;
      if (title_like(t, tn)) return SEG_TITLED;
    }
  }
  /* ▼ 【コラム】…: a digest's labelled other post, scored on its words. */
  if (ubn < n && post_label(ub, ubn) && i > 0) {
    size_t pn;
    const char *pp = ltext(s, i - 1, &pn);
    if (jk_blank(pp, pn) || rule_line(pp, pn)) return SEG_PREAMBLE;
  }
  /* ■ …について / 架空県(2025年11月27日): a digest's bulleted title, dated
     on the line below (with or without who issued it). */
  {
    const char *q = ub;
    size_t qn = ubn;
    size_t pn = 0;
    const char *pp = i > 0 ? ltext(s, i - 1, &pn) : NULL;
    size_t dn = 0;
    const char *d = i + 1 < s->nlines ? ltext(s, i + 1, &dn) : NULL;
    /* ▼ 歯科医院のサーバーがランサムウェア被害、患者情報流出の可能性 /
       発表元:…(date): a headline with no title's ending, its source below. */
    static const char *const sources[] = {"発表元", "公表元", "発信元", "出典"};
    bool headline = d && qn < n && jk_starts_any(d + jk_skip_space(d, dn), dn - jk_skip_space(d, dn), sources, 4, NULL) &&
                    has_title_word(q, qn); /* (the cheap test first: this runs on every line) */
    if (qn < n && d && (title_ending(q, qn) || headline) && !has_full_date(q, qn) && !jk_cp_more(q, qn, 160) &&
        !jk_has(q, qn, "。") && (!pp || jk_blank(pp, pn) || rule_line(pp, pn))) {
      /* …についてのお詫び with no breach word: its text decides. */
      if (bracket_dated(d, dn) || bare_date_line(d, dn)) return title_like(q, qn) ? SEG_TITLED : SEG_PREAMBLE;
    }
  }
  /* 【転載】…について(架空株式会社) / 2025年11月25日公表。「…: a digest's
     quoted notice, dated where its summary starts.  A title without a
     breach word (…システムの障害に関するお知らせ) is scored on its text. */
  if (i + 1 < s->nlines && title_ending(p, n) && !has_full_date(p, n) && !jk_ends(p, n, "。")) {
    size_t pn0 = 0;
    const char *pp0 = i > 0 ? ltext(s, i - 1, &pn0) : NULL;
    size_t qn;
    const char *q = ltext(s, i + 1, &qn);
    size_t k = jk_skip_space(q, qn);
    jk_date d;
    size_t dl = k < qn && q[k] >= '0' && q[k] <= '9' ? jk_parse_date(q + k, qn - k, 0, &d) : 0;
    static const char *const released[] = {"公表", "発表", "掲載", "付で", "付け", "公開"};
    /* …or (2025年11月25日公表) on a line of its own. */
    bool dated_below = (dl && d.y && d.m && d.d &&
                        jk_starts_any(q + k + dl, qn - k - dl, released, sizeof released / sizeof released[0], NULL)) ||
                       (jk_starts(q + k, qn - k, "(") && bracket_dated(q, qn));
    if ((!pp0 || jk_blank(pp0, pn0) || rule_line(pp0, pn0)) && dated_below && !jk_cp_more(p, n, 160) && !listish(p, n))
      return title_like(p, n) ? SEG_TITLED : SEG_PREAMBLE;
  }
  if (!title_like(p, n)) return -1;
  /* A titled notice starts after a blank line or a rule (or at the top),
     or under a section's label of its own (…(FAQ) / お知らせ / title). */
  if (i > 0) {
    size_t pn;
    const char *pp = ltext(s, i - 1, &pn);
    if (!jk_blank(pp, pn) && !rule_line(pp, pn)) {
      size_t bn = 0;
      const char *bp = i > 1 ? ltext(s, i - 2, &bn) : NULL;
      if (!(section_label(pp, pn) && (!bp || jk_blank(bp, bn) || rule_line(bp, bn)))) return -1;
    }
  }
  /* Title, then its date (and maybe the issuer) on the same line. */
  for (size_t k = 3; k < n; k++) {
    unsigned char c = (unsigned char)p[k];
    if (!((c >= '0' && c <= '9') || jk_starts(p + k, n - k, "令和") || jk_starts(p + k, n - k, "平成"))) continue;
    if (p[k - 1] >= '0' && p[k - 1] <= '9') continue;
    jk_date d;
    if (jk_parse_date(p + k, n - k, 0, &d) && d.y && d.m && d.d) {
      /* …についてのお詫び(2025/12/4): the date in brackets. */
      size_t tk = k;
      if (tk > 0 && p[tk - 1] == '(') tk--;
      if (title_ending(p, tk) && has_title_word(p, tk)) return SEG_TITLED;
      break;
    }
  }
  /* 2025年9月2日 当社ウェブサイトへの不正アクセスについて: a news list's
     date first, then the title. */
  {
    size_t k = jk_skip_space(p, n);
    jk_date d;
    /* R7.8.12 / H31.4.1: an era's initial. */
    bool era_initial = k + 1 < n && (p[k] == 'R' || p[k] == 'H') && p[k + 1] >= '0' && p[k + 1] <= '9';
    size_t dl = (k < n && p[k] >= '0' && p[k] <= '9') || era_initial || jk_starts(p + k, n - k, "令和")
                    ? jk_parse_date(p + k, n - k, 0, &d)
                    : 0;
    if (dl && d.y && d.m && d.d) {
      const char *t = p + k + dl;
      size_t tn = n - k - dl;
      jk_trim(&t, &tn);
      if (tn && title_ending(t, tn) && has_title_word(t, tn)) return SEG_TITLED;
    }
  }
  if (has_full_date(p, n)) return -1;
  /* 組合員の個人情報流出の可能性 架空農協、ファクス誤送信 / 2031年11月25日 6:00:
     a news site's headline, its date and time alone below. */
  if (!title_ending(p, n) && jk_cp_more(p, n, 12) && !jk_cp_more(p, n, 80) && i + 1 < s->nlines) {
    size_t qn;
    const char *q = ltext(s, i + 1, &qn);
    jk_trim(&q, &qn);
    jk_date d;
    size_t dl = qn && q[0] >= '0' && q[0] <= '9' ? jk_parse_date(q, qn, 0, &d) : 0;
    if (dl && d.y && d.m && d.d) {
      const char *r = q + dl;
      size_t rn = qn - dl;
      jk_trim(&r, &rn);
      bool time_only = rn <= 5;
      for (size_t k = 0; k < rn && time_only; k++) time_only = (r[k] >= '0' && r[k] <= '9') || r[k] == ':';
      if (time_only) return SEG_TITLED;
    }
  }
  if (!title_ending(p, n)) return -1;

  /* Date on one of the next two non-blank lines, which must be short. */
  int seen = 0;
  for (size_t j = i + 1; j < s->nlines && seen < 2; j++) {
    size_t qn;
    const char *q = ltext(s, j, &qn);
    if (jk_blank(q, qn)) continue;
    seen++;
    if (date_line(q, qn)) return SEG_TITLED;
  }
  return -1;
}

/* ---- notice-ness of a preamble --------------------------------------- */

/*
** Score how much a segment reads like a breach notice: distinct notice
** words present (お詫び, 個人情報, 漏えい …).  Posts about other things
** rarely use three of them.
*/
static int notice_words(const char *p, size_t n) {
  int k = 0;
  if (n > 12000) {
    n = 12000;
    while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80) n--;
  }
  /* Each distinct word counts once: strong ones 2, weak ones 1. */
  const jk_pindex *ix = jk_notice_index();
  uint64_t seen = 0;
  for (size_t i = 0; i < n;) {
    int w[4];
    int nw = jk_pindex_at(ix, p + i, n - i, w, 4);
    for (int j = 0; j < nw; j++)
      if (w[j] < 64 && !(seen >> w[j] & 1)) {
        seen |= 1ull << w[j];
        k += ix->v[w[j]].weight;
      }
    i += jk_cp_len(p + i, n - i);
  }
  return k;
}

/* Lines of navigation chrome that come before a title on web pages. */
static bool chrome_line(const char *p, size_t n) {
  jk_trim(&p, &n);
  static const char *const chrome[] = {"ページの先頭", "本文へ", "メニュー", "ナビゲーション", "サイト内検索",
                                       "ページ番号", "すべての投稿", "フッター", "スキップ", "ページの本文",
                                       "本文です", "現在の位置", "ここから本文", "パンくず"};
  /* 印刷 / シェア: a page's buttons, on a short line of their own (a
     sentence that says 印刷し is prose). */
  static const char *const buttons[] = {"ラベル ", "印刷", "更新日", "Facebook", "ツイート", "シェア"};
  for (size_t i = 0; i < sizeof chrome / sizeof chrome[0]; i++)
    if (jk_has(p, n, chrome[i])) return true;
  if (!jk_cp_more(p, n, 30) || !jk_has(p, n, "。"))
    for (size_t i = 0; i < sizeof buttons / sizeof buttons[0]; i++)
      if (jk_has(p, n, buttons[i])) return true;
  return listish(p, n);
}

/*
** A letter-style notice starts with its letterhead, not its title:
**   2017年7月12日 / お客様各位 / 株式会社○○ / 代表取締役 … / (title).
** Walk back from the title over short lines; if the block opens with a
** date line, the notice starts there.
*/
static size_t letterhead_start(jk_splitter *s, size_t title) {
  size_t first = title;
  for (size_t i = title; i > 0; i--) {
    size_t n;
    const char *p = ltext(s, i - 1, &n);
    if (jk_blank(p, n)) continue;
    const char *q = p;
    size_t qn = n;
    jk_trim(&q, &qn);
    if (jk_cp_count(q, qn) > 30 || jk_has(q, qn, "。") || title_like(q, qn) || jk_has(q, qn, " > ")) break;
    first = i - 1;
  }
  if (first == title) return title;
  size_t n;
  const char *p = ltext(s, first, &n);
  return date_line(p, n) ? first : title;
}

/*
** Heading of a preamble that is a notice: the first title-like line in
** the opening lines (before prose starts), else the first line that is
** not navigation chrome.
*/
static size_t preamble_heading(jk_splitter *s, size_t end) {
  size_t first_text = (size_t)-1;
  size_t limit = end < 40 ? end : 40;
  /* A title that reads as one (…について, …お詫び) beats a section name
     with a breach word (事故から学ぶ). */
  for (size_t i = 0; i < limit; i++) {
    size_t n;
    const char *p = ltext(s, i, &n);
    if (jk_blank(p, n)) continue;
    const char *q = p;
    size_t qn = n;
    unbullet(&q, &qn);
    /* ■ …についてのお詫び / (架空印刷 2025年11月20日): a digest's item title
       with its dated note below, breach word or not. */
    size_t dn = 0;
    const char *dl = i + 1 < end ? ltext(s, i + 1, &dn) : NULL;
    bool dated_item = qn < n && title_ending(q, qn) && !jk_has(q, qn, "。") && dl && bracket_dated(dl, dn);
    if ((title_like(p, n) && title_ending(p, n)) || (qn < n && title_like(q, qn) && title_ending(q, qn)) || dated_item) {
      s->title_idx = i;
      return letterhead_start(s, i);
    }
    if (!chrome_line(p, n) && jk_cp_count(p, n) >= 6 && (jk_has(p, n, "。") || jk_cp_count(p, n) > 80)) break;
  }
  for (size_t i = 0; i < limit; i++) {
    size_t n;
    const char *p = ltext(s, i, &n);
    if (jk_blank(p, n)) continue;
    if (title_like(p, n)) {
      s->title_idx = i;
      return letterhead_start(s, i);
    }
    bool chrome = chrome_line(p, n) || jk_cp_count(p, n) < 6;
    if (first_text == (size_t)-1 && !chrome) first_text = i;
    /* Prose has started: a title after it belongs to something else. */
    if (!chrome && (jk_has(p, n, "。") || jk_cp_count(p, n) > 80)) break;
  }
  if (first_text != (size_t)-1) return first_text;
  for (size_t i = 0; i < end; i++) {
    size_t n;
    const char *p = ltext(s, i, &n);
    if (!jk_blank(p, n)) return i;
  }
  return 0;
}

/*
** Blog pages put other posts between notices (a travel diary after a
** notice, a tool list before the next one).  Find where such a post
** starts inside a notice segment: a short title line standing alone
** between blank lines, after which the text no longer reads as a notice.
** Returns the line index, or 0 if the segment is one notice.
*/
static size_t post_boundary(jk_splitter *s, size_t start, size_t end) {
  for (size_t i = start + 3; i + 1 < end; i++) {
    size_t n;
    const char *p = ltext(s, i, &n);
    jk_trim(&p, &n);
    size_t cps = jk_cp_count(p, n);
    bool archive = jk_starts(p, n, "リリース文アーカイブ");
    if (!archive) {
      if (cps < 4 || cps > 80 || jk_ends(p, n, "。") || jk_ends(p, n, "、") || jk_ends(p, n, ":")) continue;
      /* Numbered and bracketed headings are the notice's own sections. */
      unsigned char c = (unsigned char)p[0];
      /* 【搭乗記】…: a blog post's title may be bracketed; a casebook
         heading is not a post, and numbered lines are sections. */
      if ((c >= '0' && c <= '9') || c == '(' || c == '<' || c == '[' || listish(p, n) ||
          jk_starts(p, n, "■") || jk_casebook_heading(p, n, NULL, NULL) || jk_starts(p, n, "〈") ||
          jk_starts(p, n, "《") || jk_starts(p, n, "<") || jk_starts(p, n, "□") || jk_starts(p, n, "◆") ||
          jk_starts(p, n, "〇"))
        continue;
      /* A notice's own section headings (事案の概要, 経緯, 【発生期間】 …). */
      static const char *const sections[] = {"概要", "経緯", "原因", "対応", "経過", "内容", "状況", "再発防止",
                                             "問い合わせ", "問合せ", "今後", "お願い", "お知らせ", "お詫び", "報告",
                                             "期間", "対象", "項目", "情報", "事象", "発生", "影響", "被害",
                                             "事例", "窓口", "対策", "日時", "判明"};
      if (jk_has_any(p, n, sections, sizeof sections / sizeof sections[0])) continue;
      size_t bn, an;
      const char *bp = ltext(s, i - 1, &bn);
      const char *ap = ltext(s, i + 1, &an);
      if (!jk_blank(bp, bn) || !jk_blank(ap, an)) continue;
    }
    size_t from = s->lines[archive ? i + 1 : i].norm_off;
    size_t to = s->lines[end - 1].norm_off + s->lines[end - 1].norm_len;
    if (to <= from || to - from < 300) continue;
    /* The opening of a post tells what it is about. */
    if (to - from > 4000) {
      to = from + 4000;
      while (to > from && ((unsigned char)s->norm.p[to] & 0xC0) == 0x80) to--;
    }
    /* A post has prose; a list of names under a notice's heading has not. */
    int stops = 0;
    for (const char *q = s->norm.p + from; stops < 2 && (q = jk_find(q, (size_t)(s->norm.p + to - q), "。")); q += 3)
      stops++;
    if (stops < 2) continue;
    if (notice_words(s->norm.p + from, to - from) <= 3) return archive ? i + 1 : i;
  }
  return 0;
}

/* ---- segment assembly ------------------------------------------------- */

static jk_rc emit_lines(jk_splitter *s, size_t end, int truncated);

/*
** Hand lines [0, end) to the callback and drop them: one segment, or a
** notice and the other post that follows it on the page.
*/
static jk_rc emit(jk_splitter *s, size_t end, int truncated) {
  if (end == 0) return JK_OK;
  if (!truncated && s->kind == SEG_CASEBOOK) {
    size_t k = post_boundary(s, 0, end);
    if (k) {
      jk_rc rc = emit_lines(s, k, 0);
      if (rc) return rc;
      s->kind = SEG_POST;
      return emit_lines(s, end - k, 0);
    }
  }
  return emit_lines(s, end, truncated);
}

/* Hand lines [0, end) to the callback as one segment and drop them. */
static jk_rc emit_lines(jk_splitter *s, size_t end, int truncated) {
  if (end == 0) return JK_OK;
  line *last = &s->lines[end - 1];
  size_t norm_end = last->norm_off + last->norm_len + 1; /* and its LF */
  size_t raw_end = last->raw_off + last->raw_len;

  jk_segment seg;
  memset(&seg, 0, sizeof seg);
  seg.text = s->norm.p;
  seg.len = norm_end;
  seg.raw = s->raw.p;
  seg.raw_len = raw_end;
  seg.first_line = s->lines[0].lineno;
  seg.last_line = last->lineno;
  seg.raw_offset = s->lines[0].doc_off;
  seg.truncated = truncated;
  seg.heading_line = seg.first_line;
  switch (s->kind) {
  case SEG_CASEBOOK:
    seg.is_notice = 1;
    seg.why = "casebook heading";
    break;
  case SEG_TITLED:
    seg.is_notice = 1;
    seg.why = "notice title with date";
    break;
  case SEG_CONTINUATION:
    seg.is_notice = s->cont_notice;
    seg.why = "continuation of a segment cut at the size limit";
    break;
  case SEG_POST:
    seg.is_notice = 0;
    seg.why = "another post on the page (not a breach notice)";
    for (size_t i = 0; i < end; i++) {
      size_t n;
      const char *t = ltext(s, i, &n);
      if (!jk_blank(t, n)) {
        seg.heading_line = s->lines[i].lineno;
        break;
      }
    }
    break;
  default: {
    s->title_idx = (size_t)-1;
    size_t h = preamble_heading(s, end);
    if (s->title_idx != (size_t)-1 && s->title_idx != h) seg.title_line = s->lines[s->title_idx].lineno;
    seg.heading_line = s->lines[h].lineno;
    size_t hn;
    /* The title decides how much support the body must give (a letter's
       heading is its date line; its title is below). */
    const char *hp = ltext(s, s->title_idx != (size_t)-1 ? s->title_idx : h, &hn);
    /* Score the opening of the post, where a notice says what happened. */
    int words = notice_words(seg.text, seg.len);
    /* A notice title needs less support from the body. */
    bool ending = title_ending(hp, hn);
    /* …からのおわびとお知らせ: an apology's title without a breach word
       needs the body to speak of people's data (氏名, 住所). */
    int need = ending && title_like(hp, hn) ? 4 : ending ? 5 : 7;
    /* …への不正アクセスに関するお知らせ(第1報) over two lines of text: a
       first report says little, its title says what it is (not a
       seminar's or a product's, which share the words). */
    static const char *const not_reports[] = {"セミナー", "講座", "研修", "説明会", "募集", "案内", "発売", "開催",
                                              "対策", "キャンペーン", "イベント", "注意喚起", "ご注意"};
    static const char *const report_marks[] = {"第1報", "第2報", "第3報", "第4報", "第一報", "第二報", "続報", "最終報",
                                               "お詫び", "おわび"};
    if (ending && title_like(hp, hn) && notice_words(hp, hn) >= 2 &&
        jk_has_any(hp, hn, report_marks, sizeof report_marks / sizeof report_marks[0]) &&
        !jk_has_any(hp, hn, not_reports, sizeof not_reports / sizeof not_reports[0]))
      need = 2;
    seg.is_notice = words >= need || s->titled_inside;
    seg.why = seg.is_notice ? "text reads as a breach notice" : "not a breach notice (too few notice words)";
    break;
  }
  }
  if (truncated) {
    jk_diags_add(s->diags, seg.last_line, seg.raw_offset + (long long)seg.raw_len,
                 "segment longer than %u bytes was cut here; the rest follows as its own segment",
                 JK_MAX_SEGMENT);
    s->cont_notice = seg.is_notice;
  }
  /* The page's own header (架空市 / ホーム > 報道発表) names the publisher of
     every notice on the page, also those that say only 本市. */
  if (s->emitted++ == 0) jk_page_site(seg.text, seg.len, s->site, sizeof s->site);
  if (s->site[0]) seg.publisher = s->site;
  if (!s->stopped && s->fn(s->ctx, &seg)) s->stopped = 1;

  /* Drop the emitted lines, keep the rest. */
  size_t keep = s->nlines - end;
  size_t raw_cut = raw_end, norm_cut = norm_end;
  memmove(s->raw.p, s->raw.p + raw_cut, s->raw.len - raw_cut);
  s->raw.len -= raw_cut;
  memmove(s->norm.p, s->norm.p + norm_cut, s->norm.len - norm_cut);
  s->norm.len -= norm_cut;
  memmove(s->lines, s->lines + end, keep * sizeof(line));
  for (size_t i = 0; i < keep; i++) {
    s->lines[i].raw_off -= raw_cut;
    s->lines[i].norm_off -= norm_cut;
  }
  s->nlines = keep;
  s->checked = s->checked > end ? s->checked - end : 0;
  s->titled_inside = 0;
  return JK_OK;
}

/* Do lines [0, end) hold a sentence (not just navigation and titles)? */
static bool has_prose(jk_splitter *s, size_t end) {
  for (size_t i = 0; i < end; i++) {
    size_t n;
    const char *t = ltext(s, i, &n);
    /* ページの先頭です。 is the page's chrome, not a post's prose. */
    if ((jk_has(t, n, "。") || jk_cp_more(t, n, 80)) && !chrome_line(t, n)) return true;
  }
  return false;
}

/* Decide headings for lines that now have enough look-ahead. */
static jk_rc check_lines(jk_splitter *s, int at_end) {
  while (s->checked < s->nlines && (at_end || s->nlines - s->checked > LOOKAHEAD)) {
    size_t i = s->checked++;
    int k = heading_kind(s, i);
    if (k < 0) continue;
    if (i == 0) {
      s->kind = k;
      continue;
    }
    /* A page whose top is only navigation and a repeated title: the
       notice starts above this heading, keep them together. */
    if ((k == SEG_TITLED || k == SEG_PREAMBLE) && !has_prose(s, i)) {
      s->titled_inside = 1;
      continue;
    }
    jk_rc rc = emit(s, i, 0);
    if (rc) return rc;
    s->kind = k;
  }
  return JK_OK;
}

/*
** Append one line (raw bytes without LF; nl says whether the document had
** an LF after them — not so for the last line or a piece of a long line).
*/
static jk_rc push_line(jk_splitter *s, const char *p, size_t n, int nl, long long doc_off) {
  if (s->nlines == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    line *v = realloc(s->lines, cap * sizeof *v);
    if (!v) return JK_ENOMEM;
    s->lines = v;
    s->cap = cap;
  }
  line *l = &s->lines[s->nlines];
  l->lineno = s->lineno;
  l->doc_off = doc_off;
  l->raw_off = s->raw.len;
  l->raw_len = n + (nl ? 1 : 0);
  if (jk_buf_append(&s->raw, p, n) || (nl && jk_buf_putc(&s->raw, '\n'))) return JK_ENOMEM;
  l->norm_off = s->norm.len;
  jk_rc rc = jk_normalize_line(p, n, doc_off, s->lineno, &s->tmp, &s->norm, s->diags);
  if (rc) return rc;
  l->norm_len = s->norm.len - l->norm_off;
  if (jk_buf_putc(&s->norm, '\n')) return JK_ENOMEM;
  s->nlines++;

  rc = check_lines(s, 0);
  if (rc) return rc;
  if (s->norm.len > JK_MAX_SEGMENT && s->nlines > 0) {
    /* Cut here: everything so far is one (truncated) segment. */
    s->checked = s->nlines;
    rc = emit(s, s->nlines, 1);
    s->kind = SEG_CONTINUATION;
  }
  return rc;
}

jk_splitter *jk_splitter_new(jk_segment_fn fn, void *ctx, jk_diags *diags) {
  jk_splitter *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->fn = fn;
  s->ctx = ctx;
  s->diags = diags;
  s->lineno = 1;
  jk_buf_init(&s->pending);
  jk_buf_init(&s->raw);
  jk_buf_init(&s->norm);
  jk_buf_init(&s->tmp);
  return s;
}

void jk_splitter_free(jk_splitter *s) {
  if (!s) return;
  jk_buf_free(&s->pending);
  jk_buf_free(&s->raw);
  jk_buf_free(&s->norm);
  jk_buf_free(&s->tmp);
  free(s->lines);
  free(s);
}

/* Cut an over-long pending line at a code-point boundary near the cap. */
static jk_rc flush_long_line(jk_splitter *s) {
  size_t cut = JK_MAX_LINE;
  while (cut > 0 && ((unsigned char)s->pending.p[cut] & 0xC0) == 0x80) cut--;
  if (cut == 0) cut = JK_MAX_LINE;
  if (!s->line_cut)
    jk_diags_add(s->diags, s->lineno, s->pending_off,
                 "line longer than %u bytes: read in pieces (line numbers kept)", JK_MAX_LINE);
  s->line_cut = 1;
  jk_rc rc = push_line(s, s->pending.p, cut, 0, s->pending_off);
  if (rc) return rc;
  memmove(s->pending.p, s->pending.p + cut, s->pending.len - cut);
  s->pending.len -= cut;
  s->pending_off += (long long)cut;
  return JK_OK;
}

jk_rc jk_splitter_feed(jk_splitter *s, const char *p, size_t n) {
  while (n > 0 && !s->stopped) {
    const char *nl = memchr(p, '\n', n);
    size_t take = nl ? (size_t)(nl - p) : n;
    if (jk_buf_append(&s->pending, p, take)) return JK_ENOMEM;
    p += take;
    n -= take;
    while (s->pending.len > JK_MAX_LINE) {
      jk_rc rc = flush_long_line(s);
      if (rc) return rc;
    }
    if (!nl) break;
    jk_rc rc = push_line(s, s->pending.p ? s->pending.p : "", s->pending.len, 1, s->pending_off);
    if (rc) return rc;
    s->pending_off += (long long)s->pending.len + 1;
    jk_buf_reset(&s->pending);
    s->lineno++;
    s->line_cut = 0;
    p++;
    n--;
  }
  return JK_OK;
}

jk_rc jk_splitter_finish(jk_splitter *s) {
  jk_rc rc = JK_OK;
  if (s->pending.len > 0) {
    rc = push_line(s, s->pending.p, s->pending.len, 0, s->pending_off);
    jk_buf_reset(&s->pending);
    if (rc) return rc;
  }
  rc = check_lines(s, 1);
  if (rc) return rc;
  /* Trailing blank lines alone are not a segment. */
  bool any = false;
  for (size_t i = 0; i < s->nlines && !any; i++) {
    size_t n;
    const char *t = ltext(s, i, &n);
    any = !jk_blank(t, n);
  }
  if (any) rc = emit(s, s->nlines, 0);
  s->nlines = 0;
  return rc;
}

jk_rc jk_split_buffer(const char *p, size_t n, jk_segment_fn fn, void *ctx, jk_diags *diags) {
  jk_splitter *s = jk_splitter_new(fn, ctx, diags);
  if (!s) return JK_ENOMEM;
  jk_rc rc = jk_splitter_feed(s, p, n);
  if (rc == JK_OK) rc = jk_splitter_finish(s);
  jk_splitter_free(s);
  return rc;
}
