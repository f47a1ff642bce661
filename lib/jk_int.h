/*
** jk_int.h — objects shared between libjikenbo's files but not published.
**
** Text helpers used by the splitter and the extractors, and the vocabulary
** tables (vocab.c) that say which phrases mean what.
*/
#ifndef JK_INT_H
#define JK_INT_H

#include "jikenbo.h"

#include <stdbool.h>
#include <string.h>

/* normalize.c: normalise one line (no LF) and append it to out. */
jk_rc jk_normalize_line(const char *p, size_t n, long long base, int line,
                        jk_buf *tmp, jk_buf *out, jk_diags *diags);

/* ---- text.c: small helpers over UTF-8 byte ranges ------------------- */

/* memmem that is always available; returns NULL if not found. */
const char *jk_memmem(const char *h, size_t hn, const char *n, size_t nn);
/* First occurrence of the C string needle in [p, p+n). */
static inline const char *jk_find(const char *p, size_t n, const char *needle) {
  return jk_memmem(p, n, needle, strlen(needle));
}
static inline bool jk_has(const char *p, size_t n, const char *needle) {
  return jk_find(p, n, needle) != NULL;
}
/* True if [p, p+n) starts with the C string s. */
static inline bool jk_starts(const char *p, size_t n, const char *s) {
  /* The first bytes decide most calls without strlen or memcmp (a word's
     first byte is never NUL unless it is empty). */
  if (s[0] == 0) return true;
  if (n == 0 || p[0] != s[0] || (s[1] && (n < 2 || p[1] != s[1]))) return false;
  size_t k = strlen(s);
  return n >= k && memcmp(p, s, k) == 0;
}
/* True if [p, p+n) ends with the C string s. */
static inline bool jk_ends(const char *p, size_t n, const char *s) {
  size_t k = strlen(s);
  return n >= k && memcmp(p + n - k, s, k) == 0;
}
/* Number of code points in [p, p+n). */
size_t jk_cp_count(const char *p, size_t n);
/* Does [p, p+n) hold more than k code points?  Stops counting early. */
static inline bool jk_cp_more(const char *p, size_t n, size_t k) {
  if (n <= k) return false;
  if (n > 4 * k) return true;
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if ((((unsigned char)p[i]) & 0xC0) != 0x80 && ++c > k) return true;
  return false;
}
/* Byte length of the code point starting at p (1 for invalid). */
size_t jk_cp_len_slow(const char *p, size_t n);
static inline size_t jk_cp_len(const char *p, size_t n) {
  unsigned char c = (unsigned char)p[0];
  if (c < 0x80) return n ? 1 : 0;
  size_t k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return k <= n ? k : jk_cp_len_slow(p, n);
}
/* Start of the code point that ends right before p (p > start). */
const char *jk_cp_prev(const char *start, const char *p);
/* Skip ASCII spaces/tabs and U+3000 forward / trim both ends. */
size_t jk_skip_space(const char *p, size_t n);
void jk_trim(const char **p, size_t *n);
/* Is [p,n) blank (only spaces)? */
bool jk_blank(const char *p, size_t n);
/* Is the code point at p a kanji (CJK unified ideograph)? */
bool jk_is_kanji_at(const char *p, size_t n);
bool jk_is_kana_at(const char *p, size_t n);
/* Line helpers over a text: the line containing off, and line numbers. */
void jk_line_at(const char *t, size_t n, size_t off, size_t *ls, size_t *le);

/* ---- vocab.c: vocabularies as data --------------------------------- */

/* A phrase with a weight for a category (cause) or a data type. */
typedef struct jk_phrase {
  const char *text;
  int id;     /* jk_category / jk_data_type / jk_authority */
  int weight; /* relative strength of the cue */
} jk_phrase;

extern const jk_phrase jk_cause_phrases[];
extern const size_t jk_cause_phrases_n;
extern const jk_phrase jk_data_phrases[];
extern const size_t jk_data_phrases_n;
extern const jk_phrase jk_authority_phrases[];
extern const size_t jk_authority_phrases_n;
extern const char *const jk_vendor_words[];
extern const size_t jk_vendor_words_n;
extern const char *const jk_card_words[];
extern const size_t jk_card_words_n;
extern const char *const jk_not_data[];
extern const size_t jk_not_data_n;
/* Headings of the section on what the issuer will do (再発防止策): counts
   and data words there are about the remedy, not the leak. */
extern const char *const jk_measure_heads[];
extern const size_t jk_measure_heads_n;
extern const char *const jk_negation_words[];
extern const size_t jk_negation_words_n;
extern const char *const jk_org_suffixes[];
extern const size_t jk_org_suffixes_n;
extern const char *const jk_org_prefixes[];
extern const size_t jk_org_prefixes_n;
extern const char *const jk_self_refs[];
extern const size_t jk_self_refs_n;
extern const char *const jk_intro_words[];
extern const size_t jk_intro_words_n;
extern const char *const jk_ref_words[];
extern const size_t jk_ref_words_n;
extern const char *const jk_discovery_words[];
extern const size_t jk_discovery_words_n;
extern const size_t jk_discovery_labels_n;
extern const char *const jk_period_words[];
extern const size_t jk_period_words_n;
/* The display name of a product word (Googleフォーム, google forms → Google フォーム). */
const char *jk_product_name(const char *word);
extern const char *const jk_product_words[];
extern const size_t jk_product_words_n;
extern const char *const jk_notice_words[];
extern const size_t jk_notice_words_n;
extern const char *const jk_notice_weak_words[];
extern const size_t jk_notice_weak_words_n;
extern const char *const jk_title_words[];
extern const size_t jk_title_words_n;
extern const char *const jk_people_words[];
extern const size_t jk_people_words_n;
extern const char *const jk_people_data_words[];
extern const size_t jk_people_data_words_n;

#endif /* JK_INT_H */

/* ---- phrase_index.c: which phrases of a table start at a position ------ */

typedef struct jk_pent {
  uint32_t cp;  /* first code point */
  uint32_t len; /* bytes */
  uint32_t i;   /* index in the table */
  uint64_t pre; /* first min(len, 8) bytes, for a quick reject */
  uint64_t mask;
} jk_pent;

#define JK_PINDEX_BLOOM 65536
typedef struct jk_pindex {
  const jk_phrase *v;
  jk_pent *e; /* sorted by first code point, longest first */
  size_t n;
  uint64_t bloom[JK_PINDEX_BLOOM / 64]; /* bit set where some phrase may start
                                            (exact for the BMP) */
} jk_pindex;

void jk_pindex_build(jk_pindex *ix, const jk_phrase *v, size_t n);
/* Decode the code point at p of valid UTF-8 (normalised text), fast. */
static inline uint32_t jk_fast_cp(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  if (p[0] < 0x80 || n < 2) return p[0];
  if (p[0] < 0xE0) return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
  if (p[0] < 0xF0 && n >= 3) return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  if (n >= 4)
    return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
           (p[3] & 0x3F);
  return p[0];
}
int jk_pindex_find(const jk_pindex *ix, uint32_t cp, const char *p, size_t n, int *out, int max);
/* Indexes of the phrases that start at p, longest first (at most max).
   Most code points start no phrase: a bitmap answers that at once. */
static inline int jk_pindex_at(const jk_pindex *ix, const char *p, size_t n, int *out, int max) {
  if (n == 0) return 0;
  uint32_t cp = jk_fast_cp(p, n);
  uint32_t b = cp & (JK_PINDEX_BLOOM - 1);
  if (!(ix->bloom[b >> 6] >> (b & 63) & 1)) return 0;
  return jk_pindex_find(ix, cp, p, n, out, max);
}
/* The indexes of vocab.c's tables, built on first use. */
const jk_pindex *jk_data_index(void);
const jk_pindex *jk_cause_index(void);
const jk_pindex *jk_not_data_index(void);
const jk_pindex *jk_authority_index(void);
const jk_pindex *jk_vendor_index(void); /* ids index jk_vendor_words */
const jk_pindex *jk_product_index(void); /* ids index jk_product_words */
const jk_pindex *jk_notice_index(void);  /* weight 2 strong, 1 weak */
/* Data phrases (indexes as in jk_data_phrases) followed by not-data
   phrases (id -1). */
const jk_pindex *jk_data_lex_index(void);
/* The index of a static word list, made on first use (NULL if the cache is
   full: then callers fall back to searching word by word). */
const jk_pindex *jk_words_index(const char *const *words, size_t n);

/* ---- buf.c: growing arrays of row ids ---------------------------------- */

/* Append id to the array *v (n used, cap allocated), doubling it as it
   fills; -1 when out of memory (*v unchanged and still owned by the caller). */
int jk_ids_push(long long **v, size_t *n, size_t *cap, long long id);

/* ---- morph.c: words and proper-noun classes (MeCab + IPAdic) ------------ */

enum {
  JK_MW_OTHER = 0,
  JK_MW_NOUN,          /* a common noun (市長, 学長, 情報) */
  JK_MW_SURNAME,       /* 人名,姓 (山田) */
  JK_MW_GIVEN,         /* 人名,名 (太郎) */
  JK_MW_PERSON,        /* 人名 otherwise */
  JK_MW_ORG,           /* 組織 (the dictionary's organisations) */
  JK_MW_PLACE,         /* 地域 (北九州, 札幌) */
  JK_MW_PROPER,        /* another proper noun */
  JK_MW_PLACE_SUFFIX,  /* 市 県 町 区 after a place */
  JK_MW_PERSON_SUFFIX, /* 様 氏 さん */
  JK_MW_SUFFIX,        /* another suffix (課, 部) */
  JK_MW_PARTICLE,
  JK_MW_SYMBOL
};

/* A word of a parsed span: byte offset and length in it, its class, and
   whether the dictionary lacked it (MeCab guessed). */
typedef struct jk_morph_tok {
  uint32_t off;
  uint16_t len;
  uint8_t cls;
  uint8_t unknown;
} jk_morph_tok;

/* Is MeCab with a dictionary loadable?  (Loaded on first use.) */
bool jk_morph_available(void);
/* The words of [p, p+n), at most max; 0 when MeCab is not available.
   Thread-safe.  Spaces between words are skipped. */
size_t jk_morph_parse(const char *p, size_t n, jk_morph_tok *out, size_t max);

/* ---- split.c ---------------------------------------------------------- */

/* Is the line a casebook heading 【セキュリティ事件簿#YYYY-NNN】?  id gets
   the number as printed (may be YYYY alone). */
bool jk_casebook_heading(const char *p, size_t n, const char **id, size_t *idn);
/* The same test; returns the marker's length in bytes (to the end of
   】, or of a bare #YYYY-NNN and its space), 0 if not a casebook line. */
size_t jk_casebook_marker(const char *p, size_t n, const char **id, size_t *idn);
/* 架空市 北区役所:証明書を別人に郵送(2031年9月4日): a line (a digest's or a
   list's item heading) that ends with a full date in brackets.  The date in
   *d, its offset in [p,n) and length in *at, *len.  A line that is only a
   bracket may hold a label or who issued it with the date: (2031年12月1日公表),
   (架空印刷有限会社 2031年11月20日). */
bool jk_bracket_date(const char *p, size_t n, int year, jk_date *d, size_t *at, size_t *len);

/* ---- extractors (extract*.c) ------------------------------------------ */

/* The tables of the lexicon: every vocabulary the extractors look for,
   found in one pass over the notice (lexicon.c). */
enum {
  JK_LX_DATA,     /* jk_data_phrases */
  JK_LX_NOTDATA,  /* jk_not_data */
  JK_LX_CAUSE,    /* jk_cause_phrases */
  JK_LX_AUTH,     /* jk_authority_phrases */
  JK_LX_VENDOR,   /* jk_vendor_words */
  JK_LX_PRODUCT,  /* jk_product_words */
  JK_LX_INTRO,    /* jk_intro_words */
  JK_LX_REF,      /* jk_ref_words */
  JK_LX_DISC,     /* jk_discovery_words */
  JK_LX_PERIOD,   /* jk_period_words */
  JK_LX_COUNT
};

/* A phrase of one of the tables found at off (idx: index in its table). */
typedef struct jk_lhit {
  uint32_t off;
  uint16_t len;
  uint8_t table;
  uint16_t idx;
} jk_lhit;

/* A data word (or a not-data phrase, idx -1) found in the notice. */
typedef struct jk_dhit {
  uint32_t off, len;
  int32_t idx; /* index in jk_data_phrases, -1 for jk_not_data */
} jk_dhit;

/* What every extractor sees of the notice. */
typedef struct jk_xctx {
  const char *t;          /* normalised segment text */
  size_t n;
  size_t head, head_end;  /* byte range of the heading line */
  size_t body;            /* first byte after the heading line */
  size_t title_s, title_e; /* the title line (the heading line, or later) */
  size_t tail;            /* start of the trailing part (contacts etc.) */
  int year;               /* context year for dates without one (0: none) */
  jk_dhit *dh;            /* the data words of the text, in order (jk_lex) */
  jk_lhit *lh;            /* every other lexicon hit, in text order (jk_lex) */
  size_t nlh;
  struct sec_line *sec;   /* section-heading lines, found on first use */
  size_t nsec;
  int sec_done;
  size_t ndh;
  const char *publisher;  /* the web site's name (jk_segment.publisher) or NULL */
  void *org_state;        /* extract_org.c's candidates while it runs */
  jk_record *r;
} jk_xctx;

/* Store a span [s, e) of the notice text as evidence. */
static inline jk_span jk_mkspan(size_t s, size_t e) {
  jk_span sp;
  sp.off = (uint32_t)s;
  sp.len = (uint32_t)(e > s ? e - s : 0);
  return sp;
}

/* Does [p, p+n) start with one of the words (the first that matches)?
   *len, if given, gets its length. */
bool jk_starts_any(const char *p, size_t n, const char *const *words, size_t nwords, size_t *len);
/* Does [p,n) end with one of words? */
bool jk_ends_any(const char *p, size_t n, const char *const *words, size_t nwords);
/* The clause around off: bounded by 。 or a line end. */
void jk_clause_at(const char *t, size_t n, size_t off, size_t *s, size_t *e);
/* The same, run on over the printed line breaks of a sentence that goes on
   (a long line ending in a particle, the next not a bullet or number). */
void jk_sentence_at(const char *t, size_t n, size_t off, size_t *s, size_t *e);
/* Does [s, e) contain any of the words? */
bool jk_has_any(const char *p, size_t n, const char *const *words, size_t nwords);
/* The first place in [p, p+n) where any of the words starts (one pass);
   *which gets its index.  NULL if none. */
const char *jk_find_any(const char *p, size_t n, const char *const *words, size_t nwords, size_t *which);
/* The kanji digit at p (〇 零 一 … 九): its value 0..9, and its length in
   *n; -1 if none.  One table for counts and dates (extract_number.c). */
int jk_kanji_digit(const char *p, size_t len, size_t *n);
/* Is off inside the section whose heading contains one of words?  Gives
   the section's byte range. */
bool jk_find_section(jk_xctx *x, const char *const *words, size_t nwords, size_t from,
                     size_t *s, size_t *e);
/* Is the line [ls, le) a section heading (short, numbered or bracketed)? */
bool jk_section_heading_line(const char *p, size_t n);
/* Join the lines of t that were broken at a fixed right margin (PDF text)
   (unwrap.c).  Returns how many breaks were removed; when none, *out is
   NULL.  *map (arena) has *out_len + 1 entries: the offset in t of each
   byte of *out.  Texts over 1 MiB are left as they are. */
size_t jk_unwrap(const char *t, size_t n, jk_arena *a, char **out, size_t *out_len, uint32_t **map);
/* Add a string item to a record list (copied into the arena). */
jk_rc jk_items_add(jk_record *r, jk_items *it, const char *s, size_t n, jk_span ev);

/* Find every vocabulary phrase once (lexicon.c): data words into x->dh
   (longest first, no overlaps), all other tables' phrases into x->lh. */
void jk_lex(jk_xctx *x);
/* The lexicon's index (phrase_index.c); weight = table, id = index. */
const jk_pindex *jk_lexicon_index(void);
/* Does [s, e) name a kind of personal data other than `other`? */
bool jk_data_word_in(const jk_xctx *x, size_t s, size_t e);
void jk_x_org(jk_xctx *x);
/* The site's name in a page's header lines (架空市 above ホーム > …, or
   架空市公式ホームページ), copied into out; its length, 0 if none. */
size_t jk_page_site(const char *text, size_t len, char *out, size_t cap);
void jk_x_category(jk_xctx *x);
void jk_x_affected(jk_xctx *x);
void jk_x_data(jk_xctx *x);
void jk_x_parties(jk_xctx *x);
void jk_x_facts(jk_xctx *x);
