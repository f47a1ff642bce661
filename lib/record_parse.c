/*
** record_parse.c — a record back from its JSON (cJSON): the inverse of
** jk_record_to_json() in record_json.c.
**
** The store keeps each extracted record as JSON (with its evidence map,
** without the text, which has its own column) and rebuilds jk_records
** from it for show, export and the incident summaries.  With "text" and
** "evidence" present, to_json(from_json(x)) == x.  Keys the writer does
** not produce are ignored (exports add "incident" and such); a key with
** the wrong type is an error naming its JSON path ($.evidence.org.start).
*/
#include "jk_int.h"
#include "store.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pctx {
  jk_record *r;
  jk_err *err;
  jk_rc rc;
} pctx;

static jk_rc fail(pctx *c, jk_rc rc, const char *path, const char *what) {
  if (c->rc == JK_OK) {
    c->rc = rc;
    jk_err_set(c->err, rc, "record JSON: %s: %s", path, what);
  }
  return rc;
}

static const char *str_dup(pctx *c, const cJSON *v) {
  const char *s = jk_arena_strdup(c->r->arena, v->valuestring);
  if (!s) fail(c, JK_ENOMEM, "$", "out of memory");
  return s;
}

/* A string or null at path; *out NULL for null or missing. */
static void get_str(pctx *c, const cJSON *o, const char *key, const char **out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  char path[64];
  snprintf(path, sizeof path, "$.%s", key);
  *out = NULL;
  if (!v || cJSON_IsNull(v)) return;
  if (!cJSON_IsString(v)) {
    fail(c, JK_EINVAL, path, "expected a string or null");
    return;
  }
  *out = str_dup(c, v);
}

/* An integer-valued number within [lo, hi]. */
static int int_of(pctx *c, const cJSON *v, const char *path, long long lo, long long hi, long long *out) {
  if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < (double)lo ||
      v->valuedouble > (double)hi) {
    fail(c, JK_EINVAL, path, "expected a whole number in range");
    return -1;
  }
  *out = (long long)v->valuedouble;
  return 0;
}

static void get_date(pctx *c, const cJSON *v, const char *path, jk_date *d) {
  memset(d, 0, sizeof *d);
  if (!v || cJSON_IsNull(v)) return;
  if (!cJSON_IsString(v) || jk_date_parse_iso(v->valuestring, d) != 0)
    fail(c, JK_EINVAL, path, "expected a date YYYY-MM-DD (or YYYY-MM, YYYY) or null");
}

static void get_bool(pctx *c, const cJSON *o, const char *key, int *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  char path[64];
  snprintf(path, sizeof path, "$.%s", key);
  *out = 0;
  if (!v) return;
  if (!cJSON_IsBool(v)) {
    fail(c, JK_EINVAL, path, "expected true or false");
    return;
  }
  *out = cJSON_IsTrue(v) ? 1 : 0;
}

/* A set of names as bits, through parse (jk_data_type_parse, ...). */
static uint32_t get_set(pctx *c, const cJSON *o, const char *key, int (*parse)(const char *)) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  uint32_t bits = 0;
  char path[80];
  if (!v || cJSON_IsNull(v)) return 0;
  if (!cJSON_IsArray(v)) {
    snprintf(path, sizeof path, "$.%s", key);
    fail(c, JK_EINVAL, path, "expected an array of names");
    return 0;
  }
  int i = 0;
  for (const cJSON *e = v->child; e; e = e->next, i++) {
    int id = cJSON_IsString(e) ? parse(e->valuestring) : -1;
    if (id < 0) {
      snprintf(path, sizeof path, "$.%s[%d]", key, i);
      fail(c, JK_EINVAL, path, "unknown name (see SCHEMA.md for the list)");
      return 0;
    }
    bits |= 1u << id;
  }
  return bits;
}

static void get_items(pctx *c, const cJSON *o, const char *key, jk_items *it) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  char path[80];
  if (!v || cJSON_IsNull(v)) return;
  if (!cJSON_IsArray(v)) {
    snprintf(path, sizeof path, "$.%s", key);
    fail(c, JK_EINVAL, path, "expected an array of strings");
    return;
  }
  int i = 0;
  for (const cJSON *e = v->child; e; e = e->next, i++) {
    if (!cJSON_IsString(e)) {
      snprintf(path, sizeof path, "$.%s[%d]", key, i);
      fail(c, JK_EINVAL, path, "expected a string");
      return;
    }
    jk_span none = {0, 0};
    if (jk_items_add(c->r, it, e->valuestring, strlen(e->valuestring), none)) {
      fail(c, JK_ENOMEM, "$", "out of memory");
      return;
    }
  }
}

/* The evidence slot a key names, or NULL if the key is not one we write. */
static jk_span *evidence_slot(jk_record *r, const char *k) {
  static const struct {
    const char *name;
    size_t off;
  } scalars[] = {
      {"casebook_id", offsetof(jk_record, casebook_id_ev)},
      {"org", offsetof(jk_record, org_ev)},
      {"published", offsetof(jk_record, published_ev)},
      {"report_seq", offsetof(jk_record, report_seq_ev)},
      {"category", offsetof(jk_record, category_ev)},
      {"affected", offsetof(jk_record, affected_ev)},
      {"card", offsetof(jk_record, card_ev)},
      {"vendor", offsetof(jk_record, vendor_ev)},
      {"title", offsetof(jk_record, title_ev)},
      {"exposure_period", offsetof(jk_record, exposure_ev)},
      {"discovered", offsetof(jk_record, discovered_ev)},
  };
  for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
    if (strcmp(k, scalars[i].name) == 0) return (jk_span *)((char *)r + scalars[i].off);
  const char *dot = strchr(k, '.');
  if (!dot) return NULL;
  size_t pre = (size_t)(dot - k);
  const char *name = dot + 1;
  if (pre == 10 && strncmp(k, "data_types", pre) == 0) {
    int id = jk_data_type_parse(name);
    return id >= 0 ? &r->data_type_ev[id] : NULL;
  }
  if (pre == 11 && strncmp(k, "reported_to", pre) == 0) {
    int id = jk_authority_parse(name);
    return id >= 0 ? &r->reported_to_ev[id] : NULL;
  }
  jk_items *it = NULL;
  if (pre == 8 && strncmp(k, "products", pre) == 0) it = &r->products;
  else if (pre == 8 && strncmp(k, "measures", pre) == 0) it = &r->measures;
  if (!it) return NULL;
  char *end;
  unsigned long idx = strtoul(name, &end, 10);
  if (*name < '0' || *name > '9' || *end || idx >= it->n) return NULL;
  return &it->v[idx].ev;
}

static void get_evidence(pctx *c, const cJSON *o) {
  const cJSON *ev = cJSON_GetObjectItemCaseSensitive(o, "evidence");
  char path[160];
  if (!ev || cJSON_IsNull(ev)) return;
  if (!cJSON_IsObject(ev)) {
    fail(c, JK_EINVAL, "$.evidence", "expected an object");
    return;
  }
  for (const cJSON *e = ev->child; e && c->rc == JK_OK; e = e->next) {
    snprintf(path, sizeof path, "$.evidence.%.100s", e->string);
    jk_span *slot = evidence_slot(c->r, e->string);
    if (!slot) {
      fail(c, JK_EINVAL, path, "not a field that carries evidence");
      return;
    }
    if (!cJSON_IsObject(e)) {
      fail(c, JK_EINVAL, path, "expected {\"start\":…, \"end\":…}");
      return;
    }
    long long s, en;
    const cJSON *vs = cJSON_GetObjectItemCaseSensitive(e, "start");
    const cJSON *ve = cJSON_GetObjectItemCaseSensitive(e, "end");
    if (!vs || !ve) {
      fail(c, JK_EINVAL, path, "needs \"start\" and \"end\"");
      return;
    }
    if (int_of(c, vs, path, 0, UINT32_MAX, &s) || int_of(c, ve, path, s, UINT32_MAX, &en)) return;
    if (c->r->text && (size_t)en > c->r->text_len) {
      fail(c, JK_EINVAL, path, "span ends past the end of \"text\"");
      return;
    }
    slot->off = (uint32_t)s;
    slot->len = (uint32_t)(en - s);
  }
}

/* "confidence": {field: 0..1} and "runner_up": {"org": …} (both optional:
   records stored before they existed have neither). */
static void get_confidence(pctx *c, const cJSON *o) {
  const cJSON *cf = cJSON_GetObjectItemCaseSensitive(o, "confidence");
  char path[160];
  if (cf && !cJSON_IsNull(cf)) {
    if (!cJSON_IsObject(cf)) {
      fail(c, JK_EINVAL, "$.confidence", "expected an object {field: 0..1}");
      return;
    }
    for (const cJSON *e = cf->child; e; e = e->next) {
      snprintf(path, sizeof path, "$.confidence.%.100s", e->string);
      int f = jk_field_parse(e->string);
      if (f < 0) {
        fail(c, JK_EINVAL, path, "not a field of SCHEMA.md");
        return;
      }
      if (!cJSON_IsNumber(e) || e->valuedouble < 0 || e->valuedouble > 1) {
        fail(c, JK_EINVAL, path, "expected a number from 0 to 1");
        return;
      }
      c->r->confidence[f] = (float)e->valuedouble;
    }
  }
  const cJSON *ru = cJSON_GetObjectItemCaseSensitive(o, "runner_up");
  if (ru && !cJSON_IsNull(ru)) {
    if (!cJSON_IsObject(ru)) {
      fail(c, JK_EINVAL, "$.runner_up", "expected an object {\"org\": …}");
      return;
    }
    /* Not get_str: its error would name $.org, the issuer itself. */
    const cJSON *alt = cJSON_GetObjectItemCaseSensitive(ru, "org");
    if (cJSON_IsString(alt)) c->r->org_alt = str_dup(c, alt);
    else if (alt && !cJSON_IsNull(alt)) fail(c, JK_EINVAL, "$.runner_up.org", "expected a string or null");
  }
}

static void get_source(pctx *c, const cJSON *o) {
  const cJSON *src = cJSON_GetObjectItemCaseSensitive(o, "source");
  jk_record *r = c->r;
  if (!src || cJSON_IsNull(src)) return;
  if (!cJSON_IsObject(src)) {
    fail(c, JK_EINVAL, "$.source", "expected an object {\"file\":…, \"line\":…}");
    return;
  }
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(src, "file");
  if (f && cJSON_IsString(f)) r->source_file = str_dup(c, f);
  else if (f && !cJSON_IsNull(f)) fail(c, JK_EINVAL, "$.source.file", "expected a string or null");
  static const struct {
    const char *k;
    size_t off;
  } lines[] = {{"line", offsetof(jk_record, heading_line)},
               {"first_line", offsetof(jk_record, first_line)},
               {"last_line", offsetof(jk_record, last_line)},
               {"title_line", offsetof(jk_record, title_line)}};
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, lines[i].k);
    char path[48];
    long long n;
    snprintf(path, sizeof path, "$.source.%s", lines[i].k);
    if (v && int_of(c, v, path, 0, INT32_MAX, &n) == 0) *(int *)((char *)r + lines[i].off) = (int)n;
  }
}

/*
** Parse a record written by jk_record_to_json.  Returns JK_OK and *out
** (free with jk_record_free), JK_EINVAL with err naming the JSON path,
** or JK_ENOMEM.
*/
jk_rc jk_record_from_json(const char *json, size_t len, jk_record **out, jk_err *err) {
  *out = NULL;
  cJSON *root = cJSON_ParseWithLength(json, len);
  if (!root) {
    const char *at = cJSON_GetErrorPtr();
    long long off = at && at >= json && at <= json + len ? (long long)(at - json) : -1;
    return jk_err_set(err, JK_EINVAL, "record JSON: not valid JSON (near byte %lld)", off);
  }
  if (!cJSON_IsObject(root)) {
    cJSON_Delete(root);
    return jk_err_set(err, JK_EINVAL, "record JSON: $: expected an object");
  }
  jk_record *r = calloc(1, sizeof *r);
  if (r) r->arena = jk_arena_new();
  if (!r || !r->arena) {
    free(r);
    cJSON_Delete(root);
    return jk_err_set(err, JK_ENOMEM, "record JSON: out of memory");
  }
  pctx c = {r, err, JK_OK};
  long long n;
  const cJSON *v;

  /* The text first: evidence spans are checked against it. */
  v = cJSON_GetObjectItemCaseSensitive(root, "text");
  if (v && cJSON_IsString(v)) {
    size_t tl = strlen(v->valuestring);
    /* Evidence offsets count bytes of valid UTF-8: text with invalid bytes
       would change length when written again (each becomes U+FFFD). */
    size_t ok = jk_utf8_valid_prefix(v->valuestring, tl);
    if (ok < tl) {
      char where[64];
      snprintf(where, sizeof where, "$.text (byte %zu)", ok);
      fail(&c, JK_EINVAL, where, "invalid UTF-8; records hold normalised UTF-8 text");
    }
    char *t = jk_arena_strndup(r->arena, v->valuestring, tl);
    if (!t) fail(&c, JK_ENOMEM, "$", "out of memory");
    r->text = t;
    r->text_len = tl;
  } else if (v && !cJSON_IsNull(v)) {
    fail(&c, JK_EINVAL, "$.text", "expected a string");
  }
  get_source(&c, root);
  get_str(&c, root, "casebook_id", &r->casebook_id);
  get_str(&c, root, "org", &r->org);
  get_date(&c, cJSON_GetObjectItemCaseSensitive(root, "published"), "$.published", &r->published);
  r->report_seq = 1;
  v = cJSON_GetObjectItemCaseSensitive(root, "report_seq");
  if (v && int_of(&c, v, "$.report_seq", 0, INT32_MAX, &n) == 0) r->report_seq = (int)n;
  v = cJSON_GetObjectItemCaseSensitive(root, "category");
  r->category = JK_CAT_OTHER;
  if (v) {
    int cat = cJSON_IsString(v) ? jk_category_parse(v->valuestring) : -1;
    if (cat < 0) fail(&c, JK_EINVAL, "$.category", "expected a category name from SCHEMA.md");
    else r->category = (jk_category)cat;
  }
  r->affected = -1;
  v = cJSON_GetObjectItemCaseSensitive(root, "affected");
  if (v && !cJSON_IsNull(v) && int_of(&c, v, "$.affected", 0, 9007199254740992LL, &n) == 0) r->affected = n;
  get_bool(&c, root, "card", &r->card);
  get_bool(&c, root, "vendor", &r->vendor);
  r->data_types = get_set(&c, root, "data_types", jk_data_type_parse);
  r->reported_to = get_set(&c, root, "reported_to", jk_authority_parse);
  get_items(&c, root, "anomalies", &r->anomalies);
  get_str(&c, root, "title", &r->title);
  v = cJSON_GetObjectItemCaseSensitive(root, "exposure_period");
  if (v && !cJSON_IsNull(v)) {
    if (!cJSON_IsObject(v)) {
      fail(&c, JK_EINVAL, "$.exposure_period", "expected {\"from\":…, \"to\":…} or null");
    } else {
      get_date(&c, cJSON_GetObjectItemCaseSensitive(v, "from"), "$.exposure_period.from", &r->exposure_from);
      get_date(&c, cJSON_GetObjectItemCaseSensitive(v, "to"), "$.exposure_period.to", &r->exposure_to);
    }
  }
  get_date(&c, cJSON_GetObjectItemCaseSensitive(root, "discovered"), "$.discovered", &r->discovered);
  get_items(&c, root, "products", &r->products);
  get_items(&c, root, "measures", &r->measures);
  if (c.rc == JK_OK) get_evidence(&c, root);
  if (c.rc == JK_OK) get_confidence(&c, root);
  cJSON_Delete(root);
  if (c.rc) {
    jk_record_free(r);
    return c.rc;
  }
  *out = r;
  return JK_OK;
}
