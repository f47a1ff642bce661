/*
** fuzz_extract_fields.c — libFuzzer target for each extractor's output:
** the input is normalised (as every caller does) and given to
** jk_extract_text, then every field is checked against what jikenbo.h
** promises.
**
**   evidence   every span lies inside the text, starts and ends on a
**              code-point boundary (the dashboard highlights it)
**   casebook_id, org, title, list items
**              valid UTF-8, no LF
**   published, discovered, exposure_period
**              unset (y=0, m=d=0) or a real date
**   affected   -1 (not stated) or >= 0
**   category   in range; data_types, reported_to only known bits;
**   card, vendor 0/1; report_seq >= 1
**   unwrap     the joined text is the text less some line breaks (or a
**              space for one), its offset map rises strictly and ends at
**              the text's end
**
** fuzz-seeds: pages notices own
** fuzz-dict: ja vocab
** fuzz-max-len: 16384
*/
#include "fuzz.h"
#include "../lib/jk_int.h"

static void fields_span(const jk_record *r, jk_span sp, const char *field) {
  if (sp.len == 0) return;
  size_t end = (size_t)sp.off + sp.len;
  if (end > r->text_len || !fz_cp_boundary(r->text, r->text_len, sp.off) ||
      !fz_cp_boundary(r->text, r->text_len, end))
    fprintf(stderr, "evidence of %s: bytes %u+%u of %zu\n", field, (unsigned)sp.off, (unsigned)sp.len, r->text_len);
  FZ_CHECK(end <= r->text_len);
  if (end > r->text_len) return;
  FZ_CHECK(fz_cp_boundary(r->text, r->text_len, sp.off));
  FZ_CHECK(fz_cp_boundary(r->text, r->text_len, end));
}

static void fields_str(const char *s) {
  if (!s) return;
  size_t n = strlen(s);
  FZ_CHECK(fz_valid_utf8(s, n));
  FZ_CHECK(memchr(s, '\n', n) == NULL);
}

static int fields_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static void fields_date(jk_date d) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.y == 0) {
    FZ_CHECK(d.m == 0 && d.d == 0);
    return;
  }
  FZ_CHECK(d.y >= 1900 && d.y <= 2100);
  FZ_CHECK(d.m >= 0 && d.m <= 12);
  if (d.m < 1 || d.m > 12) {
    FZ_CHECK(d.d == 0);
    return;
  }
  FZ_CHECK(d.d >= 0 && d.d <= dm[d.m - 1] + (d.m == 2 && fields_leap(d.y)));
}

static void fields_items(const jk_record *r, const jk_items *it, const char *what) {
  for (size_t i = 0; i < it->n; i++) {
    FZ_CHECK(it->v[i].text != NULL);
    if (it->v[i].text) FZ_CHECK(fz_valid_utf8(it->v[i].text, strlen(it->v[i].text)));
    fields_span(r, it->v[i].ev, what);
  }
}

static void unwrap_map(const char *t, size_t n) {
  jk_arena *a = jk_arena_new();
  if (!a) return;
  char *out;
  size_t len;
  uint32_t *map;
  if (jk_unwrap(t, n, a, &out, &len, &map)) {
    FZ_CHECK(len <= n && map[len] == n);
    for (size_t i = 0; i < len; i++) {
      FZ_CHECK(map[i] < n && (i == 0 || map[i] > map[i - 1]));
      FZ_CHECK(out[i] == t[map[i]] || (t[map[i]] == '\n' && out[i] == ' '));
    }
    FZ_CHECK(fz_valid_utf8(out, len));
  }
  jk_arena_free(a);
}

int fuzz_extract_fields(const uint8_t *data, size_t size) {
  jk_buf t;
  jk_buf_init(&t);
  if (jk_normalize((const char *)data, size, &t, NULL) != JK_OK) {
    jk_buf_free(&t);
    return 0;
  }
  unwrap_map(t.p ? t.p : "", t.len);
  jk_record *r = NULL;
  jk_rc rc = jk_extract_text(t.p, t.len, &r);
  FZ_CHECK(rc == JK_OK && r != NULL);
  if (rc == JK_OK && r) {
    FZ_CHECK(r->text_len == t.len && memcmp(r->text, t.p, t.len) == 0);
    fields_str(r->casebook_id);
    fields_str(r->org);
    fields_str(r->title);
    fields_span(r, r->casebook_id_ev, "casebook_id");
    fields_span(r, r->org_ev, "org");
    fields_span(r, r->published_ev, "published");
    fields_span(r, r->report_seq_ev, "report_seq");
    fields_span(r, r->category_ev, "category");
    fields_span(r, r->affected_ev, "affected");
    fields_span(r, r->card_ev, "card");
    fields_span(r, r->vendor_ev, "vendor");
    fields_span(r, r->title_ev, "title");
    fields_span(r, r->exposure_ev, "exposure");
    fields_span(r, r->discovered_ev, "discovered");
    for (int i = 0; i < JK_DT_COUNT; i++) fields_span(r, r->data_type_ev[i], "data_type");
    for (int i = 0; i < JK_AUTH_COUNT; i++) fields_span(r, r->reported_to_ev[i], "reported_to");
    fields_date(r->published);
    fields_date(r->discovered);
    fields_date(r->exposure_from);
    fields_date(r->exposure_to);
    FZ_CHECK(r->affected >= -1);
    FZ_CHECK((unsigned)r->category < JK_CAT_COUNT);
    FZ_CHECK((r->data_types >> JK_DT_COUNT) == 0);
    FZ_CHECK((r->reported_to >> JK_AUTH_COUNT) == 0);
    FZ_CHECK(r->card == 0 || r->card == 1);
    FZ_CHECK(r->vendor == 0 || r->vendor == 1);
    FZ_CHECK(r->report_seq >= 1);
    FZ_CHECK(r->heading_line == 1 && r->first_line == 1 && r->last_line >= 1);
    fields_items(r, &r->products, "products");
    fields_items(r, &r->measures, "measures");
    fields_items(r, &r->anomalies, "anomalies");
  }
  jk_record_free(r);
  jk_buf_free(&t);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_extract_fields(data, size); }
#endif
