/*
** extract_facts.c — what an analyst records beyond SCHEMA.md: how long the
** data was exposed, when the issuer found out, which products or services
** were involved, and what the issuer promises to do (再発防止策).
*/
#include "jk_int.h"

/* Skip a time of day and filler between two dates: 15時頃 , 17:30, 午後. */
static size_t skip_time(const char *p, size_t n) {
  size_t i = 0;
  static const char *const words[] = {"時", "分", "頃", "ごろ", "午前", "午後", "正午", "深夜", "未明", "早朝"};
  while (i < n) {
    unsigned char c = (unsigned char)p[i];
    if ((c >= '0' && c <= '9') || c == ':' || c == ' ') {
      i++;
      continue;
    }
    bool hit = false;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
      if (jk_starts(p + i, n - i, words[k])) {
        i += strlen(words[k]);
        hit = true;
        break;
      }
    if (!hit) break;
  }
  return i;
}

/* A date at a token start in [p, n): returns its offset and length. */
static bool next_date(const char *p, size_t n, int year, jk_date *d, size_t *at, size_t *len) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (!((c >= '0' && c <= '9') || jk_starts(p + i, n - i, "令和") || jk_starts(p + i, n - i, "平成"))) continue;
    if (i > 0 && ((p[i - 1] >= '0' && p[i - 1] <= '9') || p[i - 1] == ':')) continue;
    size_t k = jk_parse_date(p + i, n - i, year, d);
    if (k && d->y && d->m) {
      *at = i;
      *len = k;
      return true;
    }
  }
  return false;
}

/* A range "A ~ B" or "A から B まで" starting at the first date of [s, e). */
static bool date_range(const jk_xctx *x, size_t s, size_t e, jk_date *a, jk_date *b, size_t *rs, size_t *re) {
  size_t at, len;
  const char *p = x->t + s;
  size_t n = e - s;
  size_t off = 0;
  while (off < n && next_date(p + off, n - off, x->year, a, &at, &len)) {
    size_t i = off + at + len;
    i += skip_time(p + i, n - i);
    size_t sep = 0;
    if (i < n && (p[i] == '~' || p[i] == '-')) sep = 1;
    else if (jk_starts(p + i, n - i, "から")) sep = 6;
    else if (jk_starts(p + i, n - i, "より")) sep = 6;
    if (sep) {
      size_t j = i + sep;
      j += jk_skip_space(p + j, n - j);
      size_t k = jk_parse_date(p + j, n - j, a->y, b);
      if (k && b->y && b->m) {
        *rs = s + off + at;
        *re = s + j + k;
        return true;
      }
      /* 21日(金)まで: day only, same month */
      int dd = 0;
      size_t q = j;
      while (q < n && p[q] >= '0' && p[q] <= '9' && q - j < 2) dd = dd * 10 + (p[q++] - '0');
      if (q > j && jk_starts(p + q, n - q, "日") && dd >= 1 && dd <= 31) {
        *b = *a;
        b->d = dd;
        *rs = s + off + at;
        *re = s + q + 3;
        return true;
      }
    }
    off += at + len;
  }
  return false;
}

static void exposure(jk_xctx *x) {
  jk_record *r = x->r;
  /* Prefer a line that says 期間 (jk_period_words[0]); else one about exposure. */
  for (int pass = 0; pass < 2; pass++) {
    size_t done_to = 0;
    for (size_t hi = 0; hi < x->nlh; hi++) {
      const jk_lhit *h = &x->lh[hi];
      if (h->table != JK_LX_PERIOD || h->off < x->body || h->off < done_to) continue;
      if (pass == 0 && h->idx != 0) continue;
      size_t pos = h->off;
      while (pos > 0 && x->t[pos - 1] != '\n') pos--;
      size_t le = h->off;
      while (le < x->n && x->t[le] != '\n') le++;
      done_to = le;
      const char *lp = x->t + pos;
      size_t ln = le - pos;
      /* A 期間 heading line: the range may be on the next line. */
      size_t e2 = le;
      if (pass == 0 && le + 1 < x->n && jk_cp_count(lp, ln) < 30) {
        e2 = le + 1;
        while (e2 < x->n && x->t[e2] != '\n') e2++;
      }
      jk_date a, b;
      size_t rs, re;
      if (date_range(x, pos, e2, &a, &b, &rs, &re)) {
        r->exposure_from = a;
        r->exposure_to = b;
        r->exposure_ev = jk_mkspan(rs, re);
        return;
      }
    }
  }
}

static void discovery(jk_xctx *x) {
  jk_record *r = x->r;
  jk_date d;
  size_t at, len;
  /*
  ** A label with a date near it (判明日 令和5年10月15日) wins; else the
  ** earliest clause with a discovery verb and a date.
  */
  jk_date verb_d = {0, 0, 0};
  jk_span verb_ev = {0, 0};
  size_t verb_clause_end = 0;
  for (size_t hi = 0; hi < x->nlh; hi++) {
    const jk_lhit *h = &x->lh[hi];
    if (h->table != JK_LX_DISC || h->off < x->body) continue;
    size_t s = h->off;
    if (h->idx < jk_discovery_labels_n) {
      size_t e = s + 200 < x->n ? s + 200 : x->n;
      if (next_date(x->t + s, e - s, x->year, &d, &at, &len) && d.d) {
        r->discovered = d;
        r->discovered_ev = jk_mkspan(s + at, s + at + len);
        return;
      }
    } else if (!verb_d.y && s >= verb_clause_end) {
      size_t cs, ce;
      jk_clause_at(x->t, x->n, s, &cs, &ce);
      if (next_date(x->t + cs, ce - cs, x->year, &d, &at, &len) && d.d) {
        verb_d = d;
        verb_ev = jk_mkspan(cs + at, cs + at + len);
      }
      verb_clause_end = ce;
    }
  }
  if (verb_d.y) {
    r->discovered = verb_d;
    r->discovered_ev = verb_ev;
  }
}

static void products(jk_xctx *x) {
  jk_record *r = x->r;
  uint64_t seen[(256 + 63) / 64] = {0};
  for (size_t hi = 0; hi < x->nlh; hi++) {
    const jk_lhit *h = &x->lh[hi];
    if (h->table != JK_LX_PRODUCT) continue;
    size_t k = h->idx, at = h->off;
    if (k < 256 && (seen[k / 64] >> (k % 64) & 1)) continue;
    const char *w = jk_product_words[k];
    size_t wl = strlen(w);
    const char *name = jk_product_name(w);
    /* Latin words must stand alone: LINE in ONLINE is not LINE. */
    unsigned char b = at > 0 ? (unsigned char)x->t[at - 1] : ' ';
    unsigned char a = at + wl < x->n ? (unsigned char)x->t[at + wl] : ' ';
    bool latin = (w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= 'a' && w[0] <= 'z');
    if (latin && (((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || ((a | 0x20) >= 'a' && (a | 0x20) <= 'z'))) continue;
    if (k < 256) seen[k / 64] |= 1ull << (k % 64);
    /* Skip a word already covered by a longer one (Teams in Microsoft Teams)
       or by another spelling of the same product. */
    bool covered = false;
    for (size_t i = 0; i < r->products.n; i++)
      if (strstr(r->products.v[i].text, name)) covered = true;
    if (!covered) jk_items_add(r, &r->products, name, strlen(name), jk_mkspan(at, at + wl));
  }
}

static void measures(jk_xctx *x) {
  jk_record *r = x->r;
  static const char *const heads[] = {"再発防止", "今後の対応", "今後の対策", "改善策"};
  size_t s, e;
  if (jk_find_section(x, heads, sizeof heads / sizeof heads[0], x->body, &s, &e)) {
    size_t pos = s;
    while (pos < e && r->measures.n < 16) {
      size_t le = pos;
      while (le < e && x->t[le] != '\n') le++;
      const char *p = x->t + pos;
      size_t n = le - pos;
      jk_trim(&p, &n);
      /* Strip a bullet or a (1) number. */
      static const char *const bullets[] = {"・", "•", "●", "○", "◆", "■", "-", "*"};
      size_t bl;
      if (jk_starts_any(p, n, bullets, sizeof bullets / sizeof bullets[0], &bl)) {
        p += bl;
        n -= bl;
      }
      if (n > 2 && p[0] == '(' && p[1] >= '0' && p[1] <= '9') {
        const char *cl = jk_find(p, n, ")");
        if (cl && cl - p < 5) {
          n -= (size_t)(cl + 1 - p);
          p = cl + 1;
        }
      }
      jk_trim(&p, &n);
      /* A paragraph may say several things (…努めてまいります。お客様には…
         お詫び申し上げます。): each sentence is weighed on its own. */
      while (n > 0 && r->measures.n < 16) {
        const char *dot = jk_find(p, n, "。");
        size_t sl = dot ? (size_t)(dot - p) + 3 : n;
        const char *sp = p;
        size_t sn = sl;
        p += sl;
        n -= sl;
        jk_trim(&sp, &sn);
        size_t cps = jk_cp_count(sp, sn);
        /* A measure says what will be done; a sentence about reporting to
           authorities or reopening a shop in the same section is not one. */
        static const char *const doing[] = {"徹底", "強化", "見直", "実施", "導入", "研修", "教育", "チェック",
                                            "確認", "防止", "改善", "対策", "図", "努め", "取り組", "周知",
                                            "点検", "監視", "制限", "変更", "廃止", "ルール", "体制", "管理"};
        static const char *const not_doing[] = {"報告済", "被害申告", "届け出", "届出", "お問い合わせ", "再開日",
                                                "お知らせいたします", "ご報告いたします", "業績", "怠", "ありません",
                                                "お詫び申し上げ", "ご質問", "必要な方は"};
        bool measure = jk_has_any(sp, sn, doing, sizeof doing / sizeof doing[0]) &&
                       !jk_has_any(sp, sn, not_doing, sizeof not_doing / sizeof not_doing[0]);
        if (cps >= 8 && measure) {
          if (sn > 600) sn = 600;
          /* Do not cut a code point. */
          while (sn > 0 && ((unsigned char)sp[sn] & 0xC0) == 0x80) sn--;
          jk_items_add(r, &r->measures, sp, sn, jk_mkspan((size_t)(sp - x->t), (size_t)(sp - x->t) + sn));
        }
      }
      pos = le + 1;
    }
    if (r->measures.n) return;
  }
  /* No section: sentences that promise prevention. */
  size_t pos = x->body;
  const char *q;
  while (r->measures.n < 5 && (q = jk_find(x->t + pos, x->n - pos, "再発防止")) != NULL) {
    size_t cs, ce;
    jk_clause_at(x->t, x->n, (size_t)(q - x->t), &cs, &ce);
    const char *p = x->t + cs;
    size_t n = ce - cs;
    if (jk_has(p, n, "徹底") || jk_has(p, n, "強化") || jk_has(p, n, "実施") || jk_has(p, n, "見直") ||
        jk_has(p, n, "研修") || jk_has(p, n, "チェック")) {
      jk_trim(&p, &n);
      if (n > 600) {
        n = 600;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80) n--;
      }
      if (n) jk_items_add(r, &r->measures, p, n, jk_mkspan((size_t)(p - x->t), (size_t)(p - x->t) + n));
    }
    pos = ce < x->n ? ce + 1 : x->n;
  }
}

void jk_x_facts(jk_xctx *x) {
  exposure(x);
  discovery(x);
  products(x);
  measures(x);
}
