/*
** record_json.c — a record as one JSON object.
**
** The SCHEMA.md fields sit at the top level as plain values, exactly as
** the gold labels spell them; the text each value came from is in a
** separate "evidence" map, keyed by field name, each entry
** {"start": byte, "end": byte, "text": snippet} in the normalised notice
** text.  Writing is streaming (a jk_buf), so large exports need no tree.
*/
#include "jk_int.h"

#include <stdio.h>

jk_rc jk_json_str(jk_buf *b, const char *s, size_t n) {
  if (jk_buf_reserve(b, n + 2)) return JK_ENOMEM;
  jk_buf_putc(b, '"');
  size_t run = 0; /* start of a run of bytes copied as they are */
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char tmp[8];
    size_t adv = 1;
    if (c == '"') esc = "\\\"";
    else if (c == '\\') esc = "\\\\";
    else if (c == '\n') esc = "\\n";
    else if (c == '\r') esc = "\\r";
    else if (c == '\t') esc = "\\t";
    else if (c < 0x20 || c == 0x7F) {
      snprintf(tmp, sizeof tmp, "\\u%04x", c);
      esc = tmp;
    } else if (c >= 0x80) {
      uint32_t cp;
      int k = jk_utf8_decode(s + i, n - i, &cp);
      if (!k) {
        esc = "\xEF\xBF\xBD"; /* invalid byte: U+FFFD as UTF-8, so that
                                  writing what was read gives the same bytes */
      } else if (cp == 0x2028 || cp == 0x2029) {
        snprintf(tmp, sizeof tmp, "\\u%04x", cp);
        esc = tmp;
        adv = (size_t)k;
      } else {
        i += (size_t)k;
        continue;
      }
    } else {
      i++;
      continue;
    }
    if (i > run && jk_buf_append(b, s + run, i - run)) return JK_ENOMEM;
    if (jk_buf_puts(b, esc)) return JK_ENOMEM;
    i += adv;
    run = i;
  }
  if (n > run && jk_buf_append(b, s + run, n - run)) return JK_ENOMEM;
  return jk_buf_putc(b, '"');
}

/* Append a decimal integer (printf is most of the cost of a record). */
static void num(jk_buf *b, long long v) {
  char tmp[24];
  size_t i = sizeof tmp;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) tmp[--i] = '-';
  jk_buf_append(b, tmp + i, sizeof tmp - i);
}

/* Append "," (unless first) and "name" as a quoted string. */
static void list_str(jk_buf *b, int *n, const char *s) {
  if ((*n)++) jk_buf_putc(b, ',');
  jk_buf_putc(b, '"');
  jk_buf_puts(b, s);
  jk_buf_putc(b, '"');
}

static void key(jk_buf *b, const char *k, int *first) {
  if (!*first) jk_buf_putc(b, ',');
  *first = 0;
  jk_buf_putc(b, '"');
  jk_buf_puts(b, k);
  jk_buf_puts(b, "\":");
}

static void str_or_null(jk_buf *b, const char *s) {
  if (s) jk_json_str(b, s, strlen(s));
  else jk_buf_puts(b, "null");
}

static void date_or_null(jk_buf *b, jk_date d) {
  char tmp[16];
  if (!d.y) {
    jk_buf_puts(b, "null");
    return;
  }
  jk_date_format(d, tmp, sizeof tmp);
  jk_json_str(b, tmp, strlen(tmp));
}

static void span(jk_buf *b, const jk_record *r, const char *k, jk_span sp, int *first) {
  if (!sp.len || (size_t)sp.off + sp.len > r->text_len) return;
  key(b, k, first);
  jk_buf_puts(b, "{\"start\":");
  num(b, sp.off);
  jk_buf_puts(b, ",\"end\":");
  num(b, (long long)sp.off + sp.len);
  jk_buf_puts(b, ",\"text\":");
  jk_json_str(b, r->text + sp.off, sp.len);
  jk_buf_putc(b, '}');
}

static void items(jk_buf *b, const jk_items *it) {
  jk_buf_putc(b, '[');
  for (size_t i = 0; i < it->n; i++) {
    if (i) jk_buf_putc(b, ',');
    jk_json_str(b, it->v[i].text, strlen(it->v[i].text));
  }
  jk_buf_putc(b, ']');
}

/* A confidence as a decimal with two places (0.00 .. 1.00). */
static void conf(jk_buf *b, float v) {
  int c = (int)(v * 100.0f + 0.5f);
  if (c < 0) c = 0;
  if (c > 100) c = 100;
  char tmp[8];
  tmp[0] = (char)('0' + c / 100);
  tmp[1] = '.';
  tmp[2] = (char)('0' + c / 10 % 10);
  tmp[3] = (char)('0' + c % 10);
  jk_buf_append(b, tmp, 4);
}

jk_rc jk_record_to_json(const jk_record *r, unsigned flags, jk_buf *b) {
  int first = 1;
  size_t start = b->len;
  b->oom = 0;
  jk_buf_putc(b, '{');
  key(b, "source", &first);
  jk_buf_puts(b, "{\"file\":");
  str_or_null(b, r->source_file);
  jk_buf_puts(b, ",\"line\":");
  num(b, r->heading_line);
  jk_buf_puts(b, ",\"first_line\":");
  num(b, r->first_line);
  jk_buf_puts(b, ",\"last_line\":");
  num(b, r->last_line);
  if (r->title_line > 0) {
    jk_buf_puts(b, ",\"title_line\":");
    num(b, r->title_line);
  }
  jk_buf_putc(b, '}');
  key(b, "casebook_id", &first);
  str_or_null(b, r->casebook_id);
  key(b, "org", &first);
  str_or_null(b, r->org);
  key(b, "published", &first);
  date_or_null(b, r->published);
  key(b, "report_seq", &first);
  num(b, r->report_seq);
  key(b, "category", &first);
  jk_json_str(b, jk_category_name(r->category), strlen(jk_category_name(r->category)));
  key(b, "affected", &first);
  if (r->affected >= 0) num(b, r->affected);
  else jk_buf_puts(b, "null");
  key(b, "card", &first);
  jk_buf_puts(b, r->card ? "true" : "false");
  key(b, "data_types", &first);
  jk_buf_putc(b, '[');
  /* Sorted by name, as SCHEMA.md asks. */
  int n = 0;
  static const jk_data_type order[JK_DT_COUNT] = {
      JK_DT_ADDRESS, JK_DT_BANK,      JK_DT_BIRTHDATE, JK_DT_CARD,   JK_DT_EMAIL,    JK_DT_EMPLOYMENT,
      JK_DT_GENDER,  JK_DT_HEALTH,    JK_DT_LOCATION,  JK_DT_LOGIN_ID, JK_DT_MESSAGE, JK_DT_MYNUMBER,
      JK_DT_NAME,    JK_DT_OTHER,     JK_DT_PASSWORD,  JK_DT_PHONE,  JK_DT_SCHOOL};
  for (int i = 0; i < JK_DT_COUNT; i++)
    if (r->data_types & (1u << order[i])) list_str(b, &n, jk_data_type_name(order[i]));
  jk_buf_putc(b, ']');
  key(b, "reported_to", &first);
  jk_buf_putc(b, '[');
  n = 0;
  for (int i = 0; i < JK_AUTH_COUNT; i++) /* enum order is alphabetical */
    if (r->reported_to & (1u << i)) list_str(b, &n, jk_authority_name((jk_authority)i));
  jk_buf_putc(b, ']');
  key(b, "vendor", &first);
  jk_buf_puts(b, r->vendor ? "true" : "false");
  key(b, "anomalies", &first);
  items(b, &r->anomalies);
  key(b, "title", &first);
  str_or_null(b, r->title);
  key(b, "exposure_period", &first);
  if (r->exposure_from.y) {
    jk_buf_puts(b, "{\"from\":");
    date_or_null(b, r->exposure_from);
    jk_buf_puts(b, ",\"to\":");
    date_or_null(b, r->exposure_to);
    jk_buf_putc(b, '}');
  } else {
    jk_buf_puts(b, "null");
  }
  key(b, "discovered", &first);
  date_or_null(b, r->discovered);
  key(b, "products", &first);
  items(b, &r->products);
  key(b, "measures", &first);
  items(b, &r->measures);

  if (flags & JK_JSON_EVIDENCE) {
    key(b, "evidence", &first);
    int f2 = 1;
    jk_buf_putc(b, '{');
    span(b, r, "casebook_id", r->casebook_id_ev, &f2);
    span(b, r, "org", r->org_ev, &f2);
    span(b, r, "published", r->published_ev, &f2);
    span(b, r, "report_seq", r->report_seq_ev, &f2);
    span(b, r, "category", r->category_ev, &f2);
    span(b, r, "affected", r->affected_ev, &f2);
    span(b, r, "card", r->card_ev, &f2);
    span(b, r, "vendor", r->vendor_ev, &f2);
    span(b, r, "title", r->title_ev, &f2);
    span(b, r, "exposure_period", r->exposure_ev, &f2);
    span(b, r, "discovered", r->discovered_ev, &f2);
    /* Sets: one span per member, as "data_types.email". */
    char k[48];
    for (int i = 0; i < JK_DT_COUNT; i++)
      if (r->data_types & (1u << i)) {
        snprintf(k, sizeof k, "data_types.%s", jk_data_type_name((jk_data_type)i));
        span(b, r, k, r->data_type_ev[i], &f2);
      }
    for (int i = 0; i < JK_AUTH_COUNT; i++)
      if (r->reported_to & (1u << i)) {
        snprintf(k, sizeof k, "reported_to.%s", jk_authority_name((jk_authority)i));
        span(b, r, k, r->reported_to_ev[i], &f2);
      }
    for (size_t i = 0; i < r->products.n; i++) {
      snprintf(k, sizeof k, "products.%zu", i);
      span(b, r, k, r->products.v[i].ev, &f2);
    }
    for (size_t i = 0; i < r->measures.n; i++) {
      snprintf(k, sizeof k, "measures.%zu", i);
      span(b, r, k, r->measures.v[i].ev, &f2);
    }
    jk_buf_putc(b, '}');
    /* Beside the evidence: how sure each field is, and the runner-up. */
    key(b, "confidence", &first);
    jk_buf_putc(b, '{');
    for (int i = 0; i < JK_F_COUNT; i++) {
      if (i) jk_buf_putc(b, ',');
      jk_json_str(b, jk_field_name((jk_field)i), strlen(jk_field_name((jk_field)i)));
      jk_buf_putc(b, ':');
      conf(b, r->confidence[i]);
    }
    jk_buf_putc(b, '}');
    if (r->org_alt) {
      key(b, "runner_up", &first);
      jk_buf_puts(b, "{\"org\":");
      str_or_null(b, r->org_alt);
      jk_buf_putc(b, '}');
    }
  }
  if (flags & JK_JSON_TEXT) {
    key(b, "text", &first);
    jk_json_str(b, r->text, r->text_len);
  }
  jk_buf_putc(b, '}');
  /* Every append above can only fail for memory: the sticky flag says. */
  if (b->oom) {
    b->len = start;
    if (b->p) b->p[start] = 0;
    return JK_ENOMEM;
  }
  return JK_OK;
}
