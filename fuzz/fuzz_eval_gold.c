/*
** fuzz_eval_gold.c — libFuzzer target for reading gold labels
** (jk_eval_load_gold in eval.c) and scoring against them.
**
** The input is a gold JSONL file.  Then two fixed records from file
** "a.txt" are added and the report and both lists of misses are
** computed, so that whatever the gold said (huge line numbers, 1e300
** people, strings where numbers belong) flows through matching and
** scoring.  Promises checked: an error is JK_EINVAL/JK_ENOMEM with a
** message naming the line; scores are numbers in [0, 1]; no undefined
** behaviour on any value; the list of misses ends with its counts.
**
** fuzz-seeds: gold own
** fuzz-dict: json
** fuzz-max-len: 16384
*/
#include "fuzz.h"

#include <math.h>

/* The two records are extracted once and kept (extraction is the slow
   part, and not what this target is about). */
static jk_record *gold_recs[2];

static void gold_add_record(jk_eval *ev, int i, const char *text, int line) {
  if (!gold_recs[i]) {
    if (jk_extract_text(text, strlen(text), &gold_recs[i]) != JK_OK) return;
    gold_recs[i]->source_file = "dir/a.txt";
    gold_recs[i]->heading_line = line;
  }
  FZ_CHECK(jk_eval_add(ev, gold_recs[i]) == JK_OK);
}

int fuzz_eval_gold(const uint8_t *data, size_t size) {
  jk_eval *ev = jk_eval_new();
  if (!ev) return 0;
  jk_err err = {JK_OK, ""};
  jk_rc rc = jk_eval_load_gold(ev, (const char *)data, size, &err);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_ENOMEM);
  if (rc) {
    FZ_CHECK(err.rc == rc);
    FZ_CHECK(memchr(err.msg, 0, sizeof err.msg) != NULL && err.msg[0] != 0);
  }
  gold_add_record(ev, 0, "【セキュリティ事件簿#2023-001】株式会社テスト 顧客情報1,234件が漏えい\n2023年7月1日\n", 1);
  gold_add_record(ev, 1, "お知らせ\nメール誤送信により3名分のメールアドレスが流出しました。\n", 40);
  if (data && size && data[0] & 1) jk_eval_note_file(ev, "a.txt");
  jk_eval_report rep;
  jk_eval_report_get(ev, &rep);
  FZ_CHECK(rep.nfields > 0 && rep.nfields <= 16);
  FZ_CHECK(rep.matched_n <= rep.gold_n && rep.matched_n <= rep.pred_n);
  for (int i = 0; i < rep.nfields && i < 16; i++) {
    FZ_CHECK(isfinite(rep.fields[i].score));
    FZ_CHECK(rep.fields[i].score >= 0 && rep.fields[i].score <= 1.0000001);
  }
  FZ_CHECK(rep.detect_f1 >= 0 && rep.detect_f1 <= 1.0000001);
  jk_buf b;
  jk_buf_init(&b);
  jk_eval_mismatches(ev, &b);
  if (b.len) FZ_CHECK(fz_valid_utf8(b.p, b.len) || !fz_valid_utf8((const char *)data, size));
  /* The reviewer's list: valid UTF-8 too (texts are cut on a character),
     one line per miss, and always the closing counts line. */
  jk_buf_reset(&b);
  jk_eval_errors(ev, &b);
  FZ_CHECK(b.oom || (b.len && b.p[b.len - 1] == '\n' && strstr(b.p, "errors: ") != NULL));
  if (b.len) FZ_CHECK(fz_valid_utf8(b.p, b.len) || !fz_valid_utf8((const char *)data, size));
  jk_buf_free(&b);
  jk_eval_free(ev);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_eval_gold(data, size); }
#endif
