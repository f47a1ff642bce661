/*
** fuzz_import.c — libFuzzer target for `jikenbo import`: STIX 2.1 bundles
** and MISP events read back into incidents (jk_import_parse, lib/import.c).
**
** The last byte picks the format.  Promises checked: OK, or a documented
** error (JK_EINVAL naming the JSON path or byte, JK_ETOOBIG over a limit
** such as nesting deeper than JK_IMPORT_MAX_DEPTH, JK_EUNSUP) with a
** message and nothing returned; every imported report is a record with
** values in range and evidence inside its text, and writes as valid JSON.
**
** fuzz-needs: lib/import.c
** fuzz-seeds: own
** fuzz-dict: json import
** fuzz-max-len: 32768
*/
#include "fuzz.h"
#include "../lib/share.h"

#include <cjson/cJSON.h>

static void import_check_record(const jk_record *r) {
  FZ_CHECK(r != NULL);
  if (!r) return;
  FZ_CHECK((unsigned)r->category < JK_CAT_COUNT);
  FZ_CHECK(r->affected >= -1);
  FZ_CHECK((r->data_types >> JK_DT_COUNT) == 0 && (r->reported_to >> JK_AUTH_COUNT) == 0);
  if (r->org_ev.len && r->text) FZ_CHECK((size_t)r->org_ev.off + r->org_ev.len <= r->text_len);
  jk_buf b;
  jk_buf_init(&b);
  FZ_CHECK(jk_record_to_json(r, JK_JSON_EVIDENCE | JK_JSON_TEXT, &b) == JK_OK);
  cJSON *j = cJSON_ParseWithLength(b.p, b.len);
  FZ_CHECK(j != NULL);
  cJSON_Delete(j);
  jk_buf_free(&b);
}

int fuzz_import(const uint8_t *data, size_t size) {
  fz_in in = {data, size};
  jk_share_format f = (fz_take_byte(&in) & 1) ? JK_SHARE_MISP : JK_SHARE_STIX;
  jk_import *im = NULL;
  jk_err err = {JK_OK, ""};
  jk_rc rc = jk_import_parse(f, (const char *)in.p, in.n, &im, &err);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_ETOOBIG || rc == JK_EUNSUP || rc == JK_ENOMEM);
  if (rc != JK_OK) {
    FZ_CHECK(im == NULL);
    FZ_CHECK(err.msg[0] != 0);
    return 0;
  }
  size_t n = jk_import_count(im);
  for (size_t i = 0; i < n; i++) {
    const jk_incident *inc = jk_import_get(im, i);
    FZ_CHECK(inc != NULL);
    if (!inc) continue;
    for (size_t k = 0; k < inc->n; k++) import_check_record(inc->reports[k]);
  }
  jk_import_free(im);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import(data, size); }
#endif
