/*
** check.c — the posture-check engine: detect an export's format from its
** content, walk it into subjects, run the rule table on each subject and
** keep the findings.
**
** Readers stream: a list export (Graph "value", Drive "files", the array
** az prints) is validated once by check_json.c, then each element is
** parsed by cJSON alone and freed before the next, so a 100,000-file
** Drive listing costs the file plus one element.  Rules are data
** (check_rules.c); here they are only interpreted.
*/
#include "check_int.h"
#include "jk_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- formats: how each is recognised and walked ------------------------- */

typedef struct fmt_info {
  int fmt;
  const char *name;   /* short name, shown to users and in JSON */
  const char *source; /* the vendor command that exports it */
  const char *list;   /* member holding the objects; "" the root array; NULL the root itself */
  const char *keys;   /* an object of this format has one of these (dot paths) */
  const char *empty;  /* "member=substring" that still tells an empty list apart */
  const char *label;  /* member(s) naming an object, first present wins */
} fmt_info;

/* Order matters only where shapes overlap: most specific first. */
static const fmt_info fmts[] = {
    {JK_FMT_GRAPH_GROUPS, "graph-groups", "Microsoft Graph GET /groups", "value",
     "visibility|groupTypes|securityEnabled|resourceProvisioningOptions|mailNickname",
     "@odata.context=groups", "displayName|mailNickname|id"},
    {JK_FMT_DRIVE_FILES, "drive-files",
     "Google Drive API files.list with fields=files(id,name,mimeType,permissions)", "files",
     "mimeType|permissions", "kind=drive#fileList", "name|id"},
    {JK_FMT_AZ_CONTAINERS, "az-storage-containers", "az storage container list", "",
     "properties.publicAccess|properties.lease|properties.hasImmutabilityPolicy", NULL, "name"},
    {JK_FMT_AZ_ACCOUNTS, "az-storage-accounts", "az storage account list", "",
     "allowBlobPublicAccess|allowSharedKeyAccess|primaryEndpoints|minimumTlsVersion|networkRuleSet",
     NULL, "name|id"},
    {JK_FMT_S3_ACL, "s3-bucket-acl", "aws s3api get-bucket-acl", "Grants", "Grantee|Permission",
     "Owner=", "Grantee.URI|Grantee.DisplayName|Grantee.ID"},
    {JK_FMT_S3_PAB, "s3-public-access-block", "aws s3api get-public-access-block", NULL,
     "PublicAccessBlockConfiguration", NULL, NULL},
    {JK_FMT_S3_POLICY, "s3-bucket-policy", "aws s3api get-bucket-policy (or the policy document)",
     NULL, "Policy|Statement", NULL, NULL},
    {JK_FMT_FIREBASE_RTDB, "firebase-rtdb-rules",
     "Firebase Realtime Database rules (database.rules.json)", NULL, "rules", NULL, NULL},
    {JK_FMT_FIREBASE_RULES, "firebase-rules",
     "Cloud Firestore / Cloud Storage security rules (firestore.rules, storage.rules)", NULL, NULL,
     NULL, NULL},
    {JK_FMT_EMPTY, "empty", "an empty list: nothing to check", NULL, NULL, NULL, NULL},
};
#define NFMTS (sizeof fmts / sizeof fmts[0])

static const fmt_info *fmt_get(int fmt) {
  for (size_t i = 0; i < NFMTS; i++)
    if (fmts[i].fmt == fmt) return &fmts[i];
  return NULL;
}

const char *jk_check_format_name(int fmt) {
  const fmt_info *f = fmt_get(fmt);
  return f ? f->name : "unknown";
}

const char *jk_check_format_source(int fmt) {
  const fmt_info *f = fmt_get(fmt);
  return f ? f->source : "";
}

const char *jk_check_known_formats(void) {
  return "graph-groups, az-storage-accounts, az-storage-containers, drive-files, "
         "firebase-rtdb-rules, firebase-rules (Firestore/Storage), s3-public-access-block, "
         "s3-bucket-acl, s3-bucket-policy";
}

/* ---- the run -------------------------------------------------------------- */

typedef struct finding_slot {
  jk_finding f; /* first: jk_check_finding hands out &slot->f */
  int sev;
  size_t seq;
} finding_slot;

struct jk_check {
  jk_arena *arena;
  finding_slot *fv;
  size_t fn, fcap;
  jk_check_file *files;
  size_t nfiles, filecap;
  int sorted;
};

struct jk_check_ctx {
  jk_check *c;
  size_t file;
  int fmt;
  jk_buf seen, ptr;
  jk_linecur lc; /* positions in the file being checked */
};

jk_linecur *jk_check_lines(jk_check_ctx *x) { return &x->lc; }

jk_check *jk_check_new(void) {
  jk_check *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->arena = jk_arena_new();
  if (!c->arena) {
    free(c);
    return NULL;
  }
  return c;
}

void jk_check_free(jk_check *c) {
  if (!c) return;
  jk_arena_free(c->arena);
  free(c->fv);
  free(c->files);
  free(c);
}

static jk_check_file *add_file(jk_check *c, const char *name) {
  if (c->nfiles == c->filecap) {
    size_t cap = c->filecap ? c->filecap * 2 : 8;
    jk_check_file *v = realloc(c->files, cap * sizeof *v);
    if (!v) return NULL;
    c->files = v;
    c->filecap = cap;
  }
  jk_check_file *f = &c->files[c->nfiles];
  memset(f, 0, sizeof *f);
  f->path = jk_arena_strdup(c->arena, name ? name : "-");
  if (!f->path) return NULL;
  c->nfiles++;
  return f;
}

void jk_check_file_failed(jk_check *c, const char *name, jk_rc rc, const char *msg) {
  jk_check_file *f = add_file(c, name);
  if (!f) return;
  f->rc = rc ? rc : JK_EIO;
  f->error = jk_arena_strdup(c->arena, msg ? msg : jk_rc_name(rc));
}

/* ---- conditions ------------------------------------------------------------ */

/* The value at a dot path ("a.b.c"), or NULL. */
static const cJSON *get_path(const cJSON *o, const char *path) {
  if (!path || !*path) return o;
  char seg[128];
  while (o && *path) {
    const char *dot = strchr(path, '.');
    size_t k = dot ? (size_t)(dot - path) : strlen(path);
    if (k >= sizeof seg) return NULL;
    memcpy(seg, path, k);
    seg[k] = 0;
    o = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, seg) : NULL;
    path += k + (dot ? 1 : 0);
  }
  return o;
}

/* A scalar as text: strings as they are, literals spelled out. */
static const char *scalar_text(const cJSON *v, char *tmp, size_t tn) {
  if (cJSON_IsString(v)) return v->valuestring;
  if (cJSON_IsTrue(v)) return "true";
  if (cJSON_IsFalse(v)) return "false";
  if (cJSON_IsNumber(v)) {
    snprintf(tmp, tn, "%.15g", v->valuedouble);
    return tmp;
  }
  return NULL;
}

static bool is_true(const cJSON *v) {
  return cJSON_IsTrue(v) || (cJSON_IsString(v) && jk_alt_eq("true", v->valuestring, strlen(v->valuestring)));
}
static bool is_false(const cJSON *v) {
  return cJSON_IsFalse(v) || (cJSON_IsString(v) && jk_alt_eq("false", v->valuestring, strlen(v->valuestring)));
}

static bool eq_alt(const cJSON *v, const char *arg) {
  char tmp[40];
  const char *s = scalar_text(v, tmp, sizeof tmp);
  return s && jk_alt_eq(arg, s, strlen(s));
}

static bool has_alt(const cJSON *v, const char *arg) {
  const cJSON *e;
  if (!cJSON_IsArray(v)) return false;
  cJSON_ArrayForEach(e, v) if (cJSON_IsString(e) && jk_alt_eq(arg, e->valuestring, strlen(e->valuestring))) return true;
  return false;
}

/* Write what a path holds, shortened, for the "seen" column. */
static void put_value(jk_buf *b, const cJSON *v) {
  char tmp[40];
  if (!v) {
    jk_buf_puts(b, "(not set)");
    return;
  }
  if (cJSON_IsNull(v)) {
    jk_buf_puts(b, "null");
    return;
  }
  if (cJSON_IsArray(v)) {
    jk_buf_putc(b, '[');
    int k = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
      if (k == 4) {
        jk_buf_puts(b, ",…");
        break;
      }
      if (k++) jk_buf_putc(b, ',');
      const char *s = scalar_text(e, tmp, sizeof tmp);
      jk_buf_puts(b, s ? s : "{…}");
    }
    jk_buf_putc(b, ']');
    return;
  }
  if (cJSON_IsObject(v)) {
    jk_buf_puts(b, "{…}");
    return;
  }
  const char *s = scalar_text(v, tmp, sizeof tmp);
  size_t n = strlen(s), cut = n > 80 ? 80 : n;
  while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--; /* whole characters */
  jk_buf_append(b, s, cut);
  if (cut < n) jk_buf_puts(b, "…");
}

static bool conds_hold(const cJSON *o, const jk_cond *c, jk_buf *seen);

/* One condition; when seen is given (a match is being described), append
   what the condition looked at. */
static bool cond_holds(const cJSON *o, const jk_cond *c, jk_buf *seen) {
  const cJSON *v = c->op == JK_C_OR ? NULL : get_path(o, c->path);
  bool ok;
  switch (c->op) {
  case JK_C_EQ: ok = v && eq_alt(v, c->arg); break;
  case JK_C_NE: ok = v && !cJSON_IsNull(v) && !eq_alt(v, c->arg); break;
  case JK_C_TRUE: ok = v && is_true(v); break;
  case JK_C_FALSE: ok = v && is_false(v); break;
  case JK_C_NOT_FALSE: ok = !v || !is_false(v); break;
  case JK_C_NOT_TRUE: ok = !v || !is_true(v); break;
  case JK_C_NULL: ok = !v || cJSON_IsNull(v); break;
  case JK_C_HAS: ok = v && has_alt(v, c->arg); break;
  case JK_C_HASNT: ok = !v || !has_alt(v, c->arg); break;
  case JK_C_ANY: {
    ok = false;
    if (!cJSON_IsArray(v)) break;
    int i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
      if (conds_hold(e, c->sub, NULL)) {
        ok = true;
        if (seen) {
          if (seen->len) jk_buf_puts(seen, ", ");
          jk_buf_printf(seen, "%s/%d: ", c->path, i);
          jk_buf nested;
          jk_buf_init(&nested);
          conds_hold(e, c->sub, &nested);
          jk_buf_append(seen, nested.p ? nested.p : "", nested.len);
          jk_buf_free(&nested);
        }
        return true;
      }
      i++;
    }
    break;
  }
  case JK_C_OR:
    for (const jk_cond *s = c->sub; s->op != JK_C_END; s++)
      if (cond_holds(o, s, seen)) return true;
    return false;
  default: ok = false;
  }
  if (ok && seen) {
    if (seen->len) jk_buf_puts(seen, ", ");
    jk_buf_printf(seen, "%s=", c->path);
    put_value(seen, v);
  }
  return ok;
}

static bool conds_hold(const cJSON *o, const jk_cond *c, jk_buf *seen) {
  for (; c->op != JK_C_END; c++)
    if (!cond_holds(o, c, seen)) return false;
  return true;
}

/* A copy of s cut to at most max bytes on a character boundary, "…" added
   when cut: a 100 MB display name must not flood a report. */
static char *short_copy(jk_arena *a, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n <= max) return jk_arena_strndup(a, s, n);
  size_t cut = max;
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
  char *o = jk_arena_alloc(a, cut + 4);
  if (!o) return NULL;
  memcpy(o, s, cut);
  memcpy(o + cut, "…", 4); /* 3 bytes and the NUL */
  return o;
}

static finding_slot *add_finding(jk_check *c) {
  if (c->fn == c->fcap) {
    size_t cap = c->fcap ? c->fcap * 2 : 64;
    finding_slot *v = realloc(c->fv, cap * sizeof *v);
    if (!v) return NULL;
    c->fv = v;
    c->fcap = cap;
  }
  finding_slot *s = &c->fv[c->fn];
  memset(s, 0, sizeof *s);
  s->seq = c->fn++;
  c->sorted = 0;
  return s;
}

jk_rc jk_check_subject(jk_check_ctx *x, const jk_subject *s) {
  jk_check *c = x->c;
  c->files[x->file].subjects++;
  int line = s->line, col = s->col, placed = s->line > 0 || s->at < 0;
  for (size_t r = 0; r < jk_check_rules_n; r++) {
    const jk_check_rule *rule = &jk_check_rules[r];
    if (!(rule->formats & JK_FMT_BIT(x->fmt))) continue;
    if (!conds_hold(s->obj, rule->when, NULL)) continue;
    jk_buf_reset(&x->seen);
    if (s->detail) jk_buf_puts(&x->seen, s->detail);
    else conds_hold(s->obj, rule->when, &x->seen);
    if (x->seen.oom) return JK_ENOMEM;
    finding_slot *fs = add_finding(c);
    if (!fs) return JK_ENOMEM;
    fs->sev = rule->severity;
    fs->f.rule = r;
    fs->f.file = x->file;
    fs->f.pointer = jk_arena_strdup(c->arena, s->pointer ? s->pointer : "");
    fs->f.name = short_copy(c->arena, s->name ? s->name : "", 200);
    fs->f.seen = jk_arena_strdup(c->arena, x->seen.p ? x->seen.p : "");
    if (!placed) {
      jk_linecur_at(&x->lc, (size_t)s->at, &line, &col);
      placed = 1;
    }
    fs->f.line = line;
    fs->f.col = col;
    if (!fs->f.pointer || !fs->f.name || !fs->f.seen) return JK_ENOMEM;
    c->files[x->file].findings++;
  }
  return JK_OK;
}

/* ---- detection ------------------------------------------------------------ */

/* Does the object have one of the '|' dot paths? */
static bool has_any_key(const cJSON *o, const char *keys) {
  if (!keys || !cJSON_IsObject(o)) return false;
  char path[128];
  for (const char *a = keys;;) {
    const char *bar = strchr(a, '|');
    size_t k = bar ? (size_t)(bar - a) : strlen(a);
    if (k < sizeof path) {
      memcpy(path, a, k);
      path[k] = 0;
      if (get_path(o, path)) return true;
    }
    if (!bar) return false;
    a = bar + 1;
  }
}

/* The root object's members, found in one pass: detection asks for
   several, and skipping a 50 MB "files" member once is enough. */
#define ROOT_MAX 64
typedef struct root_members {
  size_t n;
  struct {
    const char *k;
    size_t kn, vs, ve;
  } m[ROOT_MAX];
} root_members;

static void root_scan(const char *p, size_t n, size_t root, root_members *rm) {
  rm->n = 0;
  if (p[root] != '{') return;
  jk_jiter it;
  size_t ks, kn, vs, ve;
  jk_jiter_init(&it, p, n, root);
  while (rm->n < ROOT_MAX && jk_jobj_next(&it, &ks, &kn, &vs, &ve)) {
    rm->m[rm->n].k = p + ks;
    rm->m[rm->n].kn = kn;
    rm->m[rm->n].vs = vs;
    rm->m[rm->n++].ve = ve;
  }
}

static int root_find(const root_members *rm, const char *key, size_t *vs, size_t *ve) {
  size_t L = strlen(key);
  for (size_t i = 0; i < rm->n; i++)
    if (rm->m[i].kn == L && memcmp(rm->m[i].k, key, L) == 0) {
      *vs = rm->m[i].vs;
      *ve = rm->m[i].ve;
      return 1;
    }
  return 0;
}

/* Root-level hint for empty lists: "member=substring" ("member=": present). */
static bool empty_hint(const char *p, const root_members *rm, const char *hint) {
  if (!hint) return false;
  const char *eq = strchr(hint, '=');
  char key[64];
  size_t k = (size_t)(eq - hint);
  if (k >= sizeof key) return false;
  memcpy(key, hint, k);
  key[k] = 0;
  size_t vs, ve;
  if (!root_find(rm, key, &vs, &ve)) return false;
  return eq[1] == 0 || jk_memmem(p + vs, ve - vs, eq + 1, strlen(eq + 1)) != NULL;
}

/* Where the objects of a list format are: sets *arr to the '[' (or the
   root '{' for a single object, with *single = 1).  0: not this format. */
typedef struct detected {
  const fmt_info *f;
  size_t at;   /* '[' of the list, or the '{' of the single object */
  int single;  /* the root object is the one subject */
  int empty;
} detected;

static int try_format(const char *p, size_t n, size_t root, const root_members *rm,
                      const fmt_info *f, detected *d) {
  char rc = p[root];
  size_t list = 0, vs, ve;
  int have_list = 0;
  memset(d, 0, sizeof *d);
  d->f = f;
  if (!f->keys) return 0;
  if (f->list == NULL) { /* the root object itself */
    if (rc != '{') return 0;
  } else if (f->list[0] == 0) { /* a root array, or one object as `show` prints */
    if (rc == '[') {
      list = root;
      have_list = 1;
    }
  } else if (rc == '{' && root_find(rm, f->list, &vs, &ve) && p[vs] == '[') {
    list = vs;
    have_list = 1;
  }
  if (have_list) {
    jk_jiter it;
    jk_jiter_init(&it, p, n, list);
    if (!jk_jarr_next(&it, &vs, &ve)) {
      if (f->list[0] && empty_hint(p, rm, f->empty)) {
        d->at = list;
        d->empty = 1;
        return 1;
      }
      return 0;
    }
    if (p[vs] != '{') return 0;
    cJSON *e = jk_json_parse_range(p, vs, ve);
    int ok = has_any_key(e, f->keys);
    cJSON_Delete(e);
    if (ok) d->at = list;
    return ok;
  }
  if (rc != '{') return 0;
  /* One object at the root: read only its top-level members' names and
     the nested ones the keys name, without parsing a big document. */
  int ok = 0;
  char key[128];
  for (const char *a = f->keys; !ok;) {
    const char *bar = strchr(a, '|');
    size_t k = bar ? (size_t)(bar - a) : strlen(a);
    if (k < sizeof key) {
      memcpy(key, a, k);
      key[k] = 0;
      char *dot = strchr(key, '.');
      if (dot) *dot = 0;
      if (root_find(rm, key, &vs, &ve)) {
        if (!dot) ok = 1;
        else ok = p[vs] == '{' && jk_jobj_find(p, n, vs, dot + 1, &vs, &ve);
      }
    }
    if (!bar) break;
    a = bar + 1;
  }
  if (ok) {
    d->at = root;
    d->single = 1;
  }
  return ok;
}

/* "a JSON object with keys "a", "b"…" for the unknown-format message. */
static void describe(const char *p, size_t n, size_t root, char *out, size_t on) {
  jk_buf b;
  jk_buf_init(&b);
  size_t open = root;
  if (p[root] == '[') {
    jk_jiter it;
    size_t vs, ve;
    jk_jiter_init(&it, p, n, root);
    if (jk_jarr_next(&it, &vs, &ve) && p[vs] == '{') {
      jk_buf_puts(&b, "a JSON array of objects with keys ");
      open = vs;
    } else {
      jk_buf_puts(&b, "a JSON array");
      open = 0;
    }
  } else if (p[root] == '{') {
    jk_buf_puts(&b, "a JSON object with keys ");
  } else {
    jk_buf_puts(&b, "a JSON value that is neither an object nor an array");
    open = 0;
  }
  if (open || p[root] == '{') {
    jk_jiter it;
    size_t ks, kn, vs, ve;
    int k = 0;
    jk_jiter_init(&it, p, n, open);
    while (jk_jobj_next(&it, &ks, &kn, &vs, &ve)) {
      if (k == 5 || b.len > 150) {
        jk_buf_puts(&b, ", …");
        break;
      }
      if (k++) jk_buf_puts(&b, ", ");
      jk_buf_printf(&b, "\"%.*s\"", (int)(kn > 40 ? 40 : kn), p + ks);
    }
    if (!k) jk_buf_puts(&b, "(none)");
  }
  snprintf(out, on, "%s", b.p ? b.p : "");
  jk_buf_free(&b);
}

/* ---- readers ------------------------------------------------------------- */

/* Display name of an object: the first of the format's label members. */
static const char *label_of(const cJSON *o, const char *labels, char *tmp, size_t tn) {
  if (!labels) return "";
  char path[64];
  for (const char *a = labels;;) {
    const char *bar = strchr(a, '|');
    size_t k = bar ? (size_t)(bar - a) : strlen(a);
    if (k < sizeof path) {
      memcpy(path, a, k);
      path[k] = 0;
      const char *s = scalar_text(get_path(o, path), tmp, tn);
      if (s && *s) return s;
    }
    if (!bar) return "";
    a = bar + 1;
  }
}

/* Walk a list format (or its single-object form). */
static jk_rc read_list(jk_check_ctx *x, const char *p, size_t n, const detected *d,
                       jk_err *err, const char *name) {
  char tmp[40];
  if (d->single) {
    cJSON *o = jk_json_parse_range(p, d->at, jk_json_end(p, n, d->at));
    if (!o) return jk_err_set(err, JK_ENOMEM, "%s: out of memory parsing the object", name);
    jk_subject s = {o, "", label_of(o, d->f->label, tmp, sizeof tmp), NULL, 0, 0, (long long)d->at};
    jk_rc rc = jk_check_subject(x, &s);
    cJSON_Delete(o);
    return rc;
  }
  jk_jiter it;
  size_t vs, ve;
  long long i = 0;
  jk_jiter_init(&it, p, n, d->at);
  while (jk_jarr_next(&it, &vs, &ve)) {
    jk_buf_reset(&x->ptr);
    if (d->f->list[0]) jk_json_pointer_add(&x->ptr, d->f->list, strlen(d->f->list));
    jk_buf_printf(&x->ptr, "/%lld", i++);
    if (p[vs] != '{') continue; /* not an object: nothing a rule reads */
    cJSON *o = jk_json_parse_range(p, vs, ve);
    if (!o) {
      int line, col;
      jk_linecur_at(&x->lc, vs, &line, &col);
      return jk_err_set(err, JK_ENOMEM, "%s:%d:%d: out of memory parsing %s", name, line, col,
                        x->ptr.p);
    }
    jk_subject s = {o, x->ptr.p, label_of(o, d->f->label, tmp, sizeof tmp), NULL, 0, 0, (long long)vs};
    jk_rc rc = jk_check_subject(x, &s);
    cJSON_Delete(o);
    if (rc) return jk_err_set(err, rc, "%s: out of memory recording findings", name);
  }
  return JK_OK;
}

static jk_rc read_pab(jk_check_ctx *x, const char *p, size_t n, size_t root, jk_err *err,
                      const char *name) {
  size_t vs, ve;
  if (!jk_jobj_find(p, n, root, "PublicAccessBlockConfiguration", &vs, &ve) || p[vs] != '{')
    return jk_err_set(err, JK_EINVAL,
                      "%s: PublicAccessBlockConfiguration is not an object; export it again with "
                      "aws s3api get-public-access-block --bucket NAME",
                      name);
  cJSON *o = jk_json_parse_range(p, vs, ve);
  if (!o) return jk_err_set(err, JK_ENOMEM, "%s: out of memory", name);
  jk_subject s = {o, "/PublicAccessBlockConfiguration", "", NULL, 0, 0, (long long)vs};
  jk_rc rc = jk_check_subject(x, &s);
  cJSON_Delete(o);
  return rc;
}

/* Is a policy principal everyone: "*", {"AWS": "*"} or {"AWS": ["*", …]}? */
static bool principal_public(const cJSON *pr) {
  if (cJSON_IsString(pr)) return strcmp(pr->valuestring, "*") == 0;
  if (!cJSON_IsObject(pr)) return false;
  const cJSON *aws = cJSON_GetObjectItemCaseSensitive(pr, "AWS");
  if (cJSON_IsString(aws)) return strcmp(aws->valuestring, "*") == 0;
  const cJSON *e;
  if (cJSON_IsArray(aws))
    cJSON_ArrayForEach(e, aws) if (cJSON_IsString(e) && strcmp(e->valuestring, "*") == 0) return true;
  return false;
}

/*
** get-bucket-policy prints {"Policy": "<the policy as a string>"}; the
** policy itself ({"Version", "Statement"}) is read too.  Each statement
** becomes a subject with the facts the rules test: Effect, public
** (Principal is everyone), conditioned (a non-empty Condition).
*/
static jk_rc read_policy(jk_check_ctx *x, const char *p, size_t n, size_t root, jk_err *err,
                         const char *name) {
  jk_linecur lc;
  jk_linecur_init(&lc, p, n);
  int line = 0, col = 0;
  size_t vs, ve;
  cJSON *doc = NULL;
  const char *base = "";
  if (jk_jobj_find(p, n, root, "Policy", &vs, &ve)) {
    jk_linecur_at(&lc, vs, &line, &col);
    cJSON *outer = jk_json_parse_range(p, vs, ve);
    if (!cJSON_IsString(outer)) {
      cJSON_Delete(outer);
      return jk_err_set(err, JK_EINVAL, "%s:%d:%d: \"Policy\" is not a string as aws s3api "
                        "get-bucket-policy prints it; export it again", name, line, col);
    }
    const char *ps = outer->valuestring;
    char where[300];
    snprintf(where, sizeof where, "%s (the policy in \"Policy\")", name);
    jk_rc rc = jk_json_check(ps, strlen(ps), JK_CHECK_MAX_DEPTH, where, err);
    if (rc == JK_OK) {
      doc = cJSON_Parse(ps);
      if (!doc) rc = jk_err_set(err, JK_ENOMEM, "%s: out of memory", name);
    }
    cJSON_Delete(outer);
    if (rc) return rc;
    base = "/Policy";
  } else {
    doc = jk_json_parse_range(p, root, jk_json_end(p, n, root));
    if (!doc) return jk_err_set(err, JK_ENOMEM, "%s: out of memory", name);
    jk_linecur_at(&lc, root, &line, &col);
  }
  const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
  jk_rc rc = JK_OK;
  int i = 0;
  /* A single statement may be written as an object. */
  const cJSON *one = cJSON_IsObject(st) ? st : NULL;
  const cJSON *e = one ? one : (cJSON_IsArray(st) ? st->child : NULL);
  for (; e && rc == JK_OK; e = one ? NULL : e->next, i++) {
    if (!cJSON_IsObject(e)) continue;
    const cJSON *eff = cJSON_GetObjectItemCaseSensitive(e, "Effect");
    const cJSON *cond = cJSON_GetObjectItemCaseSensitive(e, "Condition");
    const cJSON *sid = cJSON_GetObjectItemCaseSensitive(e, "Sid");
    cJSON *facts = cJSON_CreateObject();
    if (!facts) return jk_err_set(err, JK_ENOMEM, "%s: out of memory", name);
    cJSON_AddStringToObject(facts, "Effect", cJSON_IsString(eff) ? eff->valuestring : "");
    cJSON_AddBoolToObject(facts, "public",
                          principal_public(cJSON_GetObjectItemCaseSensitive(e, "Principal")));
    cJSON_AddBoolToObject(facts, "conditioned", cJSON_IsObject(cond) && cond->child != NULL);
    jk_buf_reset(&x->ptr);
    if (one) jk_buf_printf(&x->ptr, "%s/Statement", base);
    else jk_buf_printf(&x->ptr, "%s/Statement/%d", base, i);
    /* Shown as seen: the statement's effect, principal and action. */
    jk_buf_reset(&x->seen);
    jk_buf_printf(&x->seen, "Effect=%s", cJSON_IsString(eff) ? eff->valuestring : "?");
    static const char *const shown[] = {"Principal", "Action"};
    for (size_t k = 0; k < 2; k++) {
      char *js = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(e, shown[k]));
      if (js) {
        size_t L = strlen(js);
        jk_buf_printf(&x->seen, ", %s=%.*s%s", shown[k], (int)(L > 100 ? 100 : L), js, L > 100 ? "…" : "");
        free(js);
      }
    }
    jk_buf_puts(&x->seen, cJSON_IsObject(cond) && cond->child ? ", with a Condition" : ", no Condition");
    char *detail = jk_buf_detach(&x->seen, NULL);
    jk_subject s = {facts, x->ptr.p, cJSON_IsString(sid) ? sid->valuestring : "", detail, line, col, -1};
    rc = jk_check_subject(x, &s);
    free(detail);
    cJSON_Delete(facts);
  }
  cJSON_Delete(doc);
  if (rc) return jk_err_set(err, rc, "%s: out of memory", name);
  return JK_OK;
}

/* ---- one file --------------------------------------------------------------- */

jk_rc jk_check_buffer(jk_check *c, const char *name, const char *data, size_t len,
                      jk_err *err) {
  jk_err local;
  if (!err) err = &local;
  name = name ? name : "-";
  jk_check_file *f = add_file(c, name);
  if (!f) return jk_err_set(err, JK_ENOMEM, "%s: out of memory", name);
  size_t fi = c->nfiles - 1;
  jk_check_ctx x = {c, fi, JK_FMT_UNKNOWN, {0}, {0}, {0}};
  jk_linecur_init(&x.lc, data, len);
  jk_buf_init(&x.seen);
  jk_buf_init(&x.ptr);
  jk_rc rc = JK_OK;
  const char *p = data;
  size_t n = len;
  if (len > JK_CHECK_MAX_INPUT) {
    rc = jk_err_set(err, JK_ETOOBIG, "%s: %zu bytes, over the %u MiB limit of jikenbo check; split "
                    "the export (e.g. page by page)", name, len, JK_CHECK_MAX_INPUT >> 20);
    goto out;
  }
  if (n >= 2 && (((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE) ||
                 ((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF))) {
    rc = jk_err_set(err, JK_EUNSUP, "%s: UTF-16 text (as Windows PowerShell writes with '>'); "
                    "convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8", name);
    goto out;
  }
  /* A UTF-8 byte-order mark is skipped (it sits on line 1, so line
     numbers agree). */
  size_t start = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  size_t root = jk_json_ws(p, n, start);
  if (root >= n) {
    rc = jk_err_set(err, JK_EINVAL, "%s: empty file: export the settings again", name);
    goto out;
  }
  if (p[root] != '{' && p[root] != '[') {
    if (jk_firebase_rules_detect(p + root, n - root)) {
      x.fmt = JK_FMT_FIREBASE_RULES;
      f->format = x.fmt;
      rc = jk_firebase_rules_read(&x, p, n, name, err);
      goto out;
    }
    rc = jk_err_set(err, JK_EUNSUP, "%s: unknown format (text that is neither JSON nor Firebase "
                    "security rules); jikenbo check reads: %s; see jikenbo check --help", name,
                    jk_check_known_formats());
    goto out;
  }
  rc = jk_json_check(p + start, n - start, JK_CHECK_MAX_DEPTH, name, err);
  if (rc) goto out;
  detected d = {0};
  int found = 0;
  root_members *rm = malloc(sizeof *rm);
  if (!rm) {
    rc = jk_err_set(err, JK_ENOMEM, "%s: out of memory", name);
    goto out;
  }
  root_scan(p, n, root, rm);
  for (size_t i = 0; i < NFMTS && !found; i++) found = try_format(p, n, root, rm, &fmts[i], &d);
  free(rm);
  if (!found) {
    /* An empty root array tells nothing, and needs nothing checked. */
    jk_jiter it;
    size_t vs, ve;
    jk_jiter_init(&it, p, n, root);
    if (p[root] == '[' && !jk_jarr_next(&it, &vs, &ve)) {
      f->format = JK_FMT_EMPTY;
      goto out;
    }
    char what[200];
    describe(p, n, root, what, sizeof what);
    rc = jk_err_set(err, JK_EUNSUP, "%s: unknown format (%s); jikenbo check reads: %s; see "
                    "jikenbo check --help", name, what, jk_check_known_formats());
    goto out;
  }
  x.fmt = d.f->fmt;
  f->format = x.fmt;
  if (d.empty) goto out;
  switch (x.fmt) {
  case JK_FMT_S3_PAB: rc = read_pab(&x, p, n, root, err, name); break;
  case JK_FMT_S3_POLICY: rc = read_policy(&x, p, n, root, err, name); break;
  case JK_FMT_FIREBASE_RTDB: rc = jk_firebase_rtdb_read(&x, p, n, root, err, name); break;
  default: rc = read_list(&x, p, n, &d, err, name); break;
  }
out:
  jk_buf_free(&x.seen);
  jk_buf_free(&x.ptr);
  if (rc) {
    f = &c->files[fi];
    f->rc = rc;
    f->error = jk_arena_strdup(c->arena, err->msg);
    /* A file that failed half-way keeps no findings: it was not checked. */
    size_t k = 0;
    for (size_t i = 0; i < c->fn; i++)
      if (c->fv[i].f.file != fi) c->fv[k++] = c->fv[i];
    c->fn = k;
    f->findings = 0;
  }
  return rc;
}

/* ---- results ------------------------------------------------------------------ */

static int cmp_slot(const void *a, const void *b) {
  const finding_slot *x = a, *y = b;
  if (x->sev != y->sev) return y->sev - x->sev;
  if (x->f.rule != y->f.rule) return x->f.rule < y->f.rule ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sort_findings(jk_check *c) {
  if (c->sorted) return;
  if (c->fn > 1) qsort(c->fv, c->fn, sizeof *c->fv, cmp_slot);
  c->sorted = 1;
}

size_t jk_check_nfindings(const jk_check *c) { return c->fn; }

const jk_finding *jk_check_finding(const jk_check *c, size_t i) {
  sort_findings((jk_check *)c);
  return i < c->fn ? &c->fv[i].f : NULL;
}

size_t jk_check_nfiles(const jk_check *c) { return c->nfiles; }
const jk_check_file *jk_check_get_file(const jk_check *c, size_t i) {
  return i < c->nfiles ? &c->files[i] : NULL;
}

int jk_check_worst(const jk_check *c) {
  int w = JK_SEV_NONE;
  for (size_t i = 0; i < c->fn; i++)
    if (c->fv[i].sev > w) w = c->fv[i].sev;
  return w;
}

/* ---- JSON ---------------------------------------------------------------------- */

static void json_kv_str(jk_buf *b, const char *k, const char *v) {
  jk_buf_printf(b, "\"%s\":", k);
  if (v) jk_json_str(b, v, strlen(v));
  else jk_buf_puts(b, "null");
}

static const char *pick(const char *lang, const char *ja, const char *en) {
  return lang && strcmp(lang, "ja") == 0 ? ja : en;
}

/* The casebook evidence of one set, as a JSON object. */
static void json_case_set(jk_buf *b, const jk_case_set *s, const char *lang,
                          const jk_case_set *similar, int is_similar) {
  jk_buf line;
  jk_buf_init(&line);
  if (is_similar) jk_case_similar_summary(s, lang, &line);
  else jk_case_set_summary(s, lang, &line);
  jk_buf_printf(b, "{\"incidents\":%zu,\"people\":%lld,\"not_stated\":%zu,", s->n, s->people,
                s->not_stated);
  json_kv_str(b, "summary", line.p ? line.p : "");
  jk_buf_puts(b, ",\"examples\":[");
  for (size_t i = 0; i < s->n; i++) {
    const jk_case_ref *r = &s->v[i];
    char d[16];
    if (i) jk_buf_putc(b, ',');
    jk_buf_putc(b, '{');
    json_kv_str(b, "incident", r->incident);
    jk_buf_putc(b, ',');
    json_kv_str(b, "org", r->org);
    jk_buf_putc(b, ',');
    json_kv_str(b, "published", r->published.y ? jk_date_format(r->published, d, sizeof d) : NULL);
    if (r->affected >= 0) jk_buf_printf(b, ",\"affected\":%lld,", r->affected);
    else jk_buf_puts(b, ",\"affected\":null,");
    json_kv_str(b, "title", r->title);
    jk_buf_putc(b, ',');
    json_kv_str(b, "link", r->link);
    jk_buf_putc(b, '}');
  }
  jk_buf_putc(b, ']');
  if (similar) {
    jk_buf_puts(b, ",\"similar\":");
    json_case_set(b, similar, lang, NULL, 1);
  }
  jk_buf_putc(b, '}');
  jk_buf_free(&line);
}

jk_rc jk_check_to_json(const jk_check *c, const jk_casebook *cb, const char *lang, jk_buf *b) {
  sort_findings((jk_check *)c);
  size_t counts[4] = {0};
  for (size_t i = 0; i < c->fn; i++) counts[c->fv[i].sev & 3]++;
  size_t errors = 0;
  for (size_t i = 0; i < c->nfiles; i++) errors += c->files[i].rc != JK_OK;
  jk_buf_printf(b, "{\"tool\":\"jikenbo\",\"version\":\"%s\",\"lang\":\"%s\",", JK_VERSION,
                lang && strcmp(lang, "ja") == 0 ? "ja" : "en");
  jk_buf_printf(b, "\"summary\":{\"files\":%zu,\"errors\":%zu,\"findings\":%zu,\"high\":%zu,"
                "\"medium\":%zu,\"low\":%zu},", c->nfiles, errors, c->fn, counts[JK_SEV_HIGH],
                counts[JK_SEV_MEDIUM], counts[JK_SEV_LOW]);
  if (cb) jk_buf_printf(b, "\"casebook\":{\"incidents\":%lld},", jk_casebook_total(cb));
  else jk_buf_puts(b, "\"casebook\":null,");
  jk_buf_puts(b, "\"files\":[");
  for (size_t i = 0; i < c->nfiles; i++) {
    const jk_check_file *f = &c->files[i];
    if (i) jk_buf_putc(b, ',');
    jk_buf_putc(b, '{');
    json_kv_str(b, "path", f->path);
    jk_buf_putc(b, ',');
    json_kv_str(b, "format", f->rc ? NULL : jk_check_format_name(f->format));
    jk_buf_printf(b, ",\"objects\":%lld,\"findings\":%zu,", f->subjects, f->findings);
    json_kv_str(b, "error", f->rc ? f->error : NULL);
    jk_buf_putc(b, '}');
  }
  /* Rules with findings, once each, with their casebook evidence. */
  jk_buf_puts(b, "],\"rules\":{");
  int first = 1;
  for (size_t r = 0; r < jk_check_rules_n; r++) {
    size_t k = 0;
    for (size_t i = 0; i < c->fn && !k; i++) k = c->fv[i].f.rule == r;
    if (!k) continue;
    const jk_check_rule *ru = &jk_check_rules[r];
    if (!first) jk_buf_putc(b, ',');
    first = 0;
    jk_json_str(b, ru->id, strlen(ru->id));
    jk_buf_printf(b, ":{\"severity\":\"%s\",", jk_severity_name(ru->severity));
    json_kv_str(b, "title", pick(lang, ru->title_ja, ru->title_en));
    jk_buf_putc(b, ',');
    json_kv_str(b, "fix", pick(lang, ru->fix_ja, ru->fix_en));
    jk_buf_putc(b, ',');
    json_kv_str(b, "looks_at", ru->looks_at);
    jk_buf_putc(b, ',');
    json_kv_str(b, "help", ru->help_uri);
    jk_buf_puts(b, ",\"casebook\":");
    if (cb) json_case_set(b, jk_casebook_rule(cb, r), lang, jk_casebook_similar(cb, r), 0);
    else jk_buf_puts(b, "null");
    jk_buf_putc(b, '}');
  }
  jk_buf_puts(b, "},\"findings\":[");
  for (size_t i = 0; i < c->fn; i++) {
    const jk_finding *f = &c->fv[i].f;
    const jk_check_rule *ru = &jk_check_rules[f->rule];
    if (i) jk_buf_putc(b, ',');
    jk_buf_putc(b, '{');
    json_kv_str(b, "rule", ru->id);
    jk_buf_printf(b, ",\"severity\":\"%s\",", jk_severity_name(ru->severity));
    json_kv_str(b, "file", c->files[f->file].path);
    jk_buf_putc(b, ',');
    json_kv_str(b, "format", jk_check_format_name(c->files[f->file].format));
    jk_buf_printf(b, ",\"line\":%d,\"col\":%d,", f->line, f->col);
    json_kv_str(b, "pointer", f->pointer);
    jk_buf_putc(b, ',');
    json_kv_str(b, "name", f->name);
    jk_buf_putc(b, ',');
    json_kv_str(b, "seen", f->seen);
    jk_buf_putc(b, '}');
  }
  jk_buf_puts(b, "]}");
  return b->oom ? JK_ENOMEM : JK_OK;
}
