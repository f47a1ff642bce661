/*
** fuzz_check.c — libFuzzer target for `jikenbo check`: reading exported
** SaaS and cloud settings (lib/check*.c: format detection, the JSON
** scanner, the Firebase rules readers, the rule engine) and writing the
** findings as JSON and SARIF (lib/sarif.c).
**
** Promises checked: the result is OK or one of the documented errors with
** a message; every finding points at a known rule and file, with a
** position that is 0 or positive; the JSON and SARIF reports are valid
** JSON (cJSON) in both languages.
**
** fuzz-needs: lib/check.c lib/check_json.c lib/check_rules.c lib/check_firebase.c lib/sarif.c
** fuzz-seeds: own fixtures/check
** fuzz-dict: json check
** fuzz-max-len: 16384
*/
#include "fuzz.h"
#include "../lib/check.h"

#include <cjson/cJSON.h>

static void check_json_ok(const jk_buf *b) {
  cJSON *j = cJSON_ParseWithLength(b->p, b->len);
  FZ_CHECK(j != NULL);
  FZ_CHECK(fz_valid_utf8(b->p, b->len));
  cJSON_Delete(j);
}

int fuzz_check(const uint8_t *data, size_t size) {
  jk_check *c = jk_check_new();
  if (!c) return 0;
  jk_err err = {JK_OK, ""};
  jk_rc rc = jk_check_buffer(c, "settings.json", (const char *)data, size, &err);
  FZ_CHECK(rc == JK_OK || rc == JK_EUNSUP || rc == JK_EINVAL || rc == JK_ETOOBIG || rc == JK_ENOMEM);
  if (rc) FZ_CHECK(err.msg[0] != 0);
  FZ_CHECK(jk_check_nfiles(c) == 1);
  const jk_check_file *f = jk_check_get_file(c, 0);
  FZ_CHECK(f != NULL);
  if (f) {
    FZ_CHECK(f->rc == rc);
    FZ_CHECK(f->format >= 0 && f->format < JK_FMT_COUNT);
    FZ_CHECK(f->subjects >= 0);
  }
  size_t nf = jk_check_nfindings(c);
  for (size_t i = 0; i < nf; i++) {
    const jk_finding *x = jk_check_finding(c, i);
    FZ_CHECK(x != NULL);
    if (!x) continue;
    FZ_CHECK(x->file == 0);
    FZ_CHECK(x->line >= 0 && x->col >= 0);
    FZ_CHECK(x->pointer != NULL && x->name != NULL && x->seen != NULL);
  }
  static const char *const langs[] = {"en", "ja"};
  for (int l = 0; l < 2; l++) {
    jk_buf b;
    jk_buf_init(&b);
    FZ_CHECK(jk_check_to_json(c, NULL, langs[l], &b) == JK_OK);
    check_json_ok(&b);
    jk_buf_reset(&b);
    FZ_CHECK(jk_sarif_write(c, NULL, langs[l], &b) == JK_OK);
    check_json_ok(&b);
    jk_buf_free(&b);
  }
  jk_check_free(c);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_check(data, size); }
#endif
