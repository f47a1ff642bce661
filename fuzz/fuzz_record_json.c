/*
** fuzz_record_json.c — libFuzzer target for reading a record back from
** JSON (jk_record_from_json, lib/record_parse.c), which the store does
** for every stored record and the importers for every record they read.
**
** Promises checked: OK, or JK_EINVAL/JK_ENOMEM with a message naming the
** JSON path; a record that was read has its values in range, evidence
** inside its text, and survives the round trip: written (with evidence
** and text), read again, and written again, it gives the same JSON.
**
** fuzz-needs: lib/record_parse.c
** fuzz-seeds: own
** fuzz-dict: json
** fuzz-max-len: 16384
*/
#include "fuzz.h"
#include "../lib/store.h"

static void recj_span(const jk_record *r, jk_span sp) {
  if (!sp.len || !r->text) return;
  FZ_CHECK((size_t)sp.off + sp.len <= r->text_len);
}

int fuzz_record_json(const uint8_t *data, size_t size) {
  jk_record *r = NULL;
  jk_err err = {JK_OK, ""};
  jk_rc rc = jk_record_from_json((const char *)data, size, &r, &err);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_ENOMEM);
  if (rc != JK_OK) {
    FZ_CHECK(r == NULL);
    FZ_CHECK(err.msg[0] != 0);
    return 0;
  }
  FZ_CHECK(r != NULL);
  if (!r) return 0;
  FZ_CHECK((unsigned)r->category < JK_CAT_COUNT);
  FZ_CHECK(r->affected >= -1);
  FZ_CHECK((r->data_types >> JK_DT_COUNT) == 0 && (r->reported_to >> JK_AUTH_COUNT) == 0);
  FZ_CHECK(r->card == 0 || r->card == 1);
  FZ_CHECK(r->vendor == 0 || r->vendor == 1);
  recj_span(r, r->org_ev);
  recj_span(r, r->published_ev);
  recj_span(r, r->affected_ev);
  recj_span(r, r->category_ev);
  for (int i = 0; i < JK_DT_COUNT; i++) recj_span(r, r->data_type_ev[i]);

  jk_buf a, b;
  jk_buf_init(&a);
  jk_buf_init(&b);
  FZ_CHECK(jk_record_to_json(r, JK_JSON_EVIDENCE | JK_JSON_TEXT, &a) == JK_OK);
  FZ_CHECK(fz_valid_utf8(a.p, a.len));
  jk_record *r2 = NULL;
  rc = jk_record_from_json(a.p, a.len, &r2, &err);
  if (rc != JK_OK) fprintf(stderr, "re-reading our own JSON failed: %s\n", err.msg);
  FZ_CHECK(rc == JK_OK);
  if (rc == JK_OK) {
    FZ_CHECK(jk_record_to_json(r2, JK_JSON_EVIDENCE | JK_JSON_TEXT, &b) == JK_OK);
    FZ_CHECK(a.len == b.len && memcmp(a.p, b.p, a.len) == 0);
  }
  jk_record_free(r2);
  jk_record_free(r);
  jk_buf_free(&a);
  jk_buf_free(&b);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_record_json(data, size); }
#endif
