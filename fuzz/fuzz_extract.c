/*
** fuzz_extract.c — libFuzzer target for the whole `extract` pipeline on a
** buffer: split (split.c) → jk_extract on every segment, notice or not
** (extract*.c) → jk_record_to_json (record_json.c).
**
** Promises checked: nothing fails but for memory, every record's JSON is
** valid UTF-8 that cJSON parses into an object with the SCHEMA.md fields,
** and extracting the same segment twice gives the same JSON (no reads of
** uninitialised or stale memory).  JSON flags come from the last byte.
**
** fuzz-seeds: pages notices own
** fuzz-dict: ja vocab
** fuzz-max-len: 32768
*/
#include "fuzz.h"

#include <cjson/cJSON.h>

typedef struct extract_ctx {
  unsigned flags;
  jk_buf a, b;
} extract_ctx;

static int extract_on_seg(void *vp, const jk_segment *seg) {
  extract_ctx *c = vp;
  jk_record *r1 = NULL, *r2 = NULL;
  jk_rc rc = jk_extract(seg, "fuzz.txt", &r1);
  FZ_CHECK(rc == JK_OK && r1 != NULL);
  if (rc || !r1) return 0;
  jk_buf_reset(&c->a);
  FZ_CHECK(jk_record_to_json(r1, c->flags, &c->a) == JK_OK);
  FZ_CHECK(fz_valid_utf8(c->a.p, c->a.len));
  cJSON *j = cJSON_ParseWithLength(c->a.p, c->a.len);
  FZ_CHECK(j != NULL && cJSON_IsObject(j));
  if (j) {
    static const char *const fields[] = {"casebook_id", "org",         "published", "report_seq",
                                         "category",    "affected",    "card",      "data_types",
                                         "reported_to", "vendor",      "anomalies", "source"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
      FZ_CHECK(cJSON_GetObjectItemCaseSensitive(j, fields[i]) != NULL);
    if (c->flags & JK_JSON_TEXT) {
      /* The text round-trips through the JSON escaper. */
      const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "text");
      FZ_CHECK(cJSON_IsString(t));
      if (cJSON_IsString(t) && memchr(r1->text, 0, r1->text_len) == NULL)
        FZ_CHECK(strlen(t->valuestring) == r1->text_len && memcmp(t->valuestring, r1->text, r1->text_len) == 0);
    }
    cJSON_Delete(j);
  }
  rc = jk_extract(seg, "fuzz.txt", &r2);
  FZ_CHECK(rc == JK_OK && r2 != NULL);
  if (rc == JK_OK && r2) {
    jk_buf_reset(&c->b);
    FZ_CHECK(jk_record_to_json(r2, c->flags, &c->b) == JK_OK);
    FZ_CHECK(c->a.len == c->b.len && memcmp(c->a.p, c->b.p, c->a.len) == 0);
  }
  jk_record_free(r1);
  jk_record_free(r2);
  return 0;
}

int fuzz_extract(const uint8_t *data, size_t size) {
  fz_in in = {data, size};
  unsigned fl = fz_take_byte(&in);
  extract_ctx c;
  c.flags = fl & (JK_JSON_EVIDENCE | JK_JSON_TEXT);
  jk_buf_init(&c.a);
  jk_buf_init(&c.b);
  jk_diags d;
  jk_diags_init(&d);
  FZ_CHECK(jk_split_buffer((const char *)in.p, in.n, extract_on_seg, &c, &d) == JK_OK);
  jk_diags_free(&d);
  jk_buf_free(&c.a);
  jk_buf_free(&c.b);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_extract(data, size); }
#endif
