/*
** incident.c — the incident record: who published each report (its
** issuer) and in what role, whose data was exposed (the victim), and the
** incident's headline values chosen from its reports.
**
** A notice's issuer is not always the breached organisation: the
** regulator (個人情報保護委員会) publishes its guidance to a company, a
** police force announces an arrest, a contractor writes about its
** client's data.  Such a report is linked to the incident (same casebook
** number) but its issuer must not become the incident's organisation.
**
** jk_incident_headline() is the one place that decides an incident's
** headline values; store.c (show, search columns, stats), the exporters
** and summaries built on the store all call it.  The rules, in order:
**
**   1. Each report's role: a regulator's or a police force's notice is a
**      third party's when its issuer is one (table below) and the text
**      speaks of acting on someone (指導, 勧告, 逮捕 …); a contractor's when
**      the text says it handles another's data (委託元, から受託 …).
**      Everything else is the organisation speaking of its own breach.
**   2. The victim: the issuer of the first report (timeline order) that
**      speaks of its own breach; else the organisation a third party's
**      title names (「株式会社Xに対する…」 → 株式会社X); else the first
**      issuer stated.
**   3. The victim's own reports come first, then the others, each group
**      in timeline order.  Names and dates (casebook number, title,
**      published, discovered, exposure) come from the first report of
**      that order that states them; the cause and the head-count from the
**      latest of the victim's own reports that states them (follow-ups
**      correct both), else the latest of the others; sets and flags are
**      unions over every report.
*/
#include "store.h"

#include <stdlib.h>
#include <string.h>

/* ---- vocabularies ---------------------------------------------------------- */

/* Issuers that publish about others.  A name matches when it contains
   the word (spaces ignored). */
static const struct {
  const char *word;
  jk_issuer_role role;
} third_parties[] = {
    {"個人情報保護委員会", JK_ROLE_REGULATOR},
    {"消費者庁", JK_ROLE_REGULATOR},
    {"金融庁", JK_ROLE_REGULATOR},
    {"総務省", JK_ROLE_REGULATOR},
    {"経済産業省", JK_ROLE_REGULATOR},
    {"厚生労働省", JK_ROLE_REGULATOR},
    {"文部科学省", JK_ROLE_REGULATOR},
    {"国土交通省", JK_ROLE_REGULATOR},
    {"デジタル庁", JK_ROLE_REGULATOR},
    {"財務局", JK_ROLE_REGULATOR},
    {"警察庁", JK_ROLE_POLICE},
    {"警視庁", JK_ROLE_POLICE},
    {"警察", JK_ROLE_POLICE}, /* 県警察本部, 警察署 */
    {"県警", JK_ROLE_POLICE},
    {"府警", JK_ROLE_POLICE},
    {"道警", JK_ROLE_POLICE},
};

/* What a regulator or the police write when they act on another
   organisation (their own breach notice says none of these). */
static const char *const acting_on[] = {
    "指導", "勧告", "命令", "行政上の対応", "行政処分", "報告徴収", "立入検査",
    "逮捕", "検挙", "送致", "送検", "摘発", "被疑者", "容疑者",
};

/* What a contractor writes about its client's data. */
static const char *const for_a_client[] = {
    "委託元", "から受託", "より受託", "の委託を受け", "から委託を受け", "より委託を受け",
};

/* Words that make the text before 「…に対する」 in a title a name. */
static const char *const name_words[] = {
    "株式会社", "有限会社", "合同会社", "法人", "組合", "機構", "協会", "大学", "病院",
    "銀行", "市", "町", "村", "区", "県", "府", "都", "省", "庁", "社",
};

/* ---- helpers ---------------------------------------------------------------- */

/* s with ASCII and ideographic spaces removed, into out (cap bytes). */
static void squeeze(const char *s, char *out, size_t cap) {
  size_t k = 0;
  if (!cap) return;
  for (const char *p = s ? s : ""; *p && k + 1 < cap;) {
    if (*p == ' ' || *p == '\t' || *p == '\n') {
      p++;
    } else if (strncmp(p, "\xe3\x80\x80", 3) == 0) {
      p += 3;
    } else {
      out[k++] = *p++;
    }
  }
  out[k] = 0;
}

static int same_org(const char *a, const char *b) {
  if (!a || !b) return 0;
  char x[512], y[512];
  squeeze(a, x, sizeof x);
  squeeze(b, y, sizeof y);
  return x[0] && strcmp(x, y) == 0;
}

static int text_has(const jk_record *r, const char *w) {
  if (!r->text || !r->text_len) return 0;
  return memmem(r->text, r->text_len, w, strlen(w)) != NULL;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- roles -------------------------------------------------------------------- */

jk_issuer_role jk_issuer_role_of(const jk_record *r) {
  if (!r) return JK_ROLE_OWN;
  if (r->org) {
    char name[512];
    squeeze(r->org, name, sizeof name);
    for (size_t i = 0; i < COUNT(third_parties); i++) {
      if (!strstr(name, third_parties[i].word)) continue;
      /* The title or the text says it acts on someone. */
      for (size_t k = 0; k < COUNT(acting_on); k++)
        if (text_has(r, acting_on[k]) || (r->title && strstr(r->title, acting_on[k]))) return third_parties[i].role;
      break;
    }
  }
  for (size_t k = 0; k < COUNT(for_a_client); k++)
    if (text_has(r, for_a_client[k])) return JK_ROLE_CONTRACTOR;
  return JK_ROLE_OWN;
}

const char *jk_issuer_role_name(jk_issuer_role role) {
  switch (role) {
  case JK_ROLE_OWN: return "own";
  case JK_ROLE_REGULATOR: return "regulator";
  case JK_ROLE_POLICE: return "police";
  case JK_ROLE_CONTRACTOR: return "contractor";
  }
  return "own";
}

/*
** The organisation a third party's title names: the text before
** 「に対する」/「に対して」/「における」, its first name when several are
** joined by 及び/および/並びに, without spaces.  NULL unless it reads as
** a name (a legal form or an organisation word in it).
*/
static char *subject_of(const jk_record *r, jk_arena *a) {
  static const char *const marks[] = {"に対する", "に対して", "における"};
  static const char *const joins[] = {"及び", "および", "並びに", "、"};
  if (!r->title) return NULL;
  const char *end = NULL;
  for (size_t i = 0; i < COUNT(marks) && !end; i++) end = strstr(r->title, marks[i]);
  if (!end || end == r->title || end - r->title > 300) return NULL;
  char buf[512];
  size_t n = (size_t)(end - r->title);
  memcpy(buf, r->title, n);
  buf[n] = 0;
  for (size_t i = 0; i < COUNT(joins); i++) {
    char *j = strstr(buf, joins[i]);
    if (j) *j = 0;
  }
  /* A title's bracketed label before the name: 【…】 */
  char *start = buf;
  char *close = strstr(start, "】");
  if (close) start = close + strlen("】");
  char out[512];
  squeeze(start, out, sizeof out);
  if (!out[0]) return NULL;
  for (size_t i = 0; i < COUNT(name_words); i++)
    if (strstr(out, name_words[i])) return jk_arena_strdup(a, out);
  return NULL;
}

/* ---- the headline -------------------------------------------------------------- */

static void add_unique(jk_record *m, jk_items *it, const char *s) {
  for (size_t i = 0; i < it->n; i++)
    if (strcmp(it->v[i].text, s) == 0) return;
  if (it->n == it->cap) {
    size_t cap = it->cap ? it->cap * 2 : 8;
    jk_item *v = jk_arena_alloc(m->arena, cap * sizeof *v);
    if (!v) return;
    if (it->n) memcpy(v, it->v, it->n * sizeof *v);
    it->v = v;
    it->cap = cap;
  }
  it->v[it->n].text = jk_arena_strdup(m->arena, s);
  it->v[it->n].ev.off = it->v[it->n].ev.len = 0;
  if (it->v[it->n].text) it->n++;
}

const char *jk_headline_field_name(jk_headline_field f) {
  static const char *const names[JK_H_COUNT] = {"org",        "title",    "casebook_id", "published",
                                                "discovered", "exposure", "category",    "affected"};
  return f >= 0 && f < JK_H_COUNT ? names[f] : "?";
}

jk_rc jk_incident_headline(jk_record *const *reports, size_t n, jk_headline *h) {
  memset(h, 0, sizeof *h);
  for (int f = 0; f < JK_H_COUNT; f++) h->from[f] = -1;
  h->victim_named = -1;
  jk_record *m = calloc(1, sizeof *m);
  if (!m || !(m->arena = jk_arena_new())) {
    free(m);
    return JK_ENOMEM;
  }
  h->rec = m;
  m->affected = -1;
  m->category = JK_CAT_OTHER;
  size_t *order = calloc(n + 1, sizeof *order);
  unsigned char *own = calloc(n + 1, 1);
  if (!order || !own) {
    free(order);
    free(own);
    jk_headline_free(h);
    return JK_ENOMEM;
  }

  /* 1-2: roles and the victim. */
  const char *victim = NULL;
  for (size_t i = 0; i < n && !victim; i++)
    if (reports[i]->org && jk_issuer_role_of(reports[i]) == JK_ROLE_OWN) {
      victim = reports[i]->org;
      h->from[JK_H_VICTIM] = (int)i;
    }
  if (!victim)
    for (size_t i = 0; i < n && !victim; i++) {
      if (jk_issuer_role_of(reports[i]) == JK_ROLE_OWN) continue;
      char *s = subject_of(reports[i], m->arena);
      if (s) {
        victim = s;
        h->from[JK_H_VICTIM] = (int)i;
        h->victim_named = (int)i;
      }
    }
  if (!victim)
    for (size_t i = 0; i < n && !victim; i++)
      if (reports[i]->org) {
        victim = reports[i]->org;
        h->from[JK_H_VICTIM] = (int)i;
      }
  if (victim) m->org = jk_arena_strdup(m->arena, victim);

  /* 3: the victim's own reports first. */
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (victim && same_org(reports[i]->org, victim)) {
      own[i] = 1;
      order[k++] = i;
    }
  size_t n_own = k;
  for (size_t i = 0; i < n; i++)
    if (!own[i]) order[k++] = i;

  for (size_t j = 0; j < n; j++) {
    size_t i = order[j];
    const jk_record *r = reports[i];
    if (!m->casebook_id && r->casebook_id) {
      m->casebook_id = jk_arena_strdup(m->arena, r->casebook_id);
      h->from[JK_H_CASEBOOK] = (int)i;
    }
    if (!m->title && r->title && *r->title) {
      m->title = jk_arena_strdup(m->arena, r->title);
      h->from[JK_H_TITLE] = (int)i;
    }
    if (!m->published.y && r->published.y) {
      m->published = r->published;
      h->from[JK_H_PUBLISHED] = (int)i;
    }
    if (!m->discovered.y && r->discovered.y) {
      m->discovered = r->discovered;
      h->from[JK_H_DISCOVERED] = (int)i;
    }
    if (!m->exposure_from.y && r->exposure_from.y) {
      m->exposure_from = r->exposure_from;
      m->exposure_to = r->exposure_to;
      h->from[JK_H_EXPOSURE] = (int)i;
    }
  }
  /* The cause and the head-count: the latest of a group that states them. */
  for (int pass = 0; pass < 2; pass++) {
    size_t lo = pass ? n_own : 0, hi = pass ? n : n_own;
    if (h->from[JK_H_CATEGORY] < 0)
      for (size_t j = lo; j < hi; j++)
        if (reports[order[j]]->category != JK_CAT_OTHER) {
          m->category = reports[order[j]]->category;
          h->from[JK_H_CATEGORY] = (int)order[j];
        }
    if (h->from[JK_H_AFFECTED] < 0)
      for (size_t j = lo; j < hi; j++)
        if (reports[order[j]]->affected >= 0) {
          m->affected = reports[order[j]]->affected;
          h->from[JK_H_AFFECTED] = (int)order[j];
        }
  }
  for (size_t j = 0; j < n; j++) {
    const jk_record *r = reports[order[j]];
    if (r->report_seq > m->report_seq) m->report_seq = r->report_seq;
    m->card |= r->card;
    m->vendor |= r->vendor;
    m->data_types |= r->data_types;
    m->reported_to |= r->reported_to;
    for (size_t x = 0; x < r->products.n; x++) add_unique(m, &m->products, r->products.v[x].text);
    for (size_t x = 0; x < r->measures.n; x++) add_unique(m, &m->measures, r->measures.v[x].text);
  }
  if (!m->report_seq) m->report_seq = 1;
  free(order);
  free(own);
  return JK_OK;
}

void jk_headline_free(jk_headline *h) {
  if (!h) return;
  jk_record_free(h->rec);
  h->rec = NULL;
}
