/*
** html.c — the text of a web page's main content, with its line structure.
**
** libxml2's HTML parser (recovering, no network) builds the tree from
** bytes already decoded to UTF-8 (charset.c), so a <meta charset> that lies
** cannot switch it to another encoding half-way.  We then pick the part of
** the page that is the notice — <main>, a single <article> (or the common
** ancestor of several), a #content-like container — and walk it, dropping
** what is chrome by tag (nav, aside, script …), by role, or by words in
** id/class (menu, breadcrumb, pankuzu, cookie, sidebar …).  Block elements
** end lines, because the splitter and the extractors read line by line: a
** heading must stay a line of its own to be found as a notice heading.
**
** The walk is iterative (parent/next pointers), so a page nested a hundred
** thousand levels deep costs time, not stack.
*/
#include "web.h"
#include "jk_int.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <strings.h>

/* ---- element classes --------------------------------------------------- */

enum {
  EL_INLINE = 0,
  EL_BLOCK,   /* ends a line before and after */
  EL_HEADING, /* h1-h6: a line of its own, a blank line before */
  EL_DROP,    /* never text: script, style, nav … */
  EL_BR,
  EL_LI,
  EL_LIST,    /* ul / ol */
  EL_CELL,    /* td / th: cells separated by a space */
  EL_PRE,
  EL_CHROME_PAGE /* header / footer: chrome unless inside an article */
};

static const struct {
  const char *name;
  int cls;
} elements[] = {
    {"script", EL_DROP},   {"style", EL_DROP},     {"noscript", EL_DROP}, {"template", EL_DROP},
    {"nav", EL_DROP},      {"aside", EL_DROP},     {"head", EL_DROP},     {"iframe", EL_DROP},
    {"svg", EL_DROP},      {"math", EL_DROP},      {"canvas", EL_DROP},   {"object", EL_DROP},
    {"embed", EL_DROP},    {"button", EL_DROP},    {"select", EL_DROP},   {"textarea", EL_DROP},
    {"input", EL_DROP},    {"option", EL_DROP},    {"dialog", EL_DROP},   {"map", EL_DROP},
    {"audio", EL_DROP},    {"video", EL_DROP},     {"picture", EL_DROP},  {"datalist", EL_DROP},
    {"header", EL_CHROME_PAGE}, {"footer", EL_CHROME_PAGE},
    {"h1", EL_HEADING},    {"h2", EL_HEADING},     {"h3", EL_HEADING},    {"h4", EL_HEADING},
    {"h5", EL_HEADING},    {"h6", EL_HEADING},
    {"br", EL_BR},         {"li", EL_LI},          {"ul", EL_LIST},       {"ol", EL_LIST},
    {"td", EL_CELL},       {"th", EL_CELL},        {"pre", EL_PRE},       {"listing", EL_PRE},
    {"p", EL_BLOCK},       {"div", EL_BLOCK},      {"tr", EL_BLOCK},      {"table", EL_BLOCK},
    {"dt", EL_BLOCK},      {"dd", EL_BLOCK},       {"dl", EL_BLOCK},      {"section", EL_BLOCK},
    {"article", EL_BLOCK}, {"main", EL_BLOCK},     {"blockquote", EL_BLOCK},
    {"address", EL_BLOCK}, {"figure", EL_BLOCK},   {"figcaption", EL_BLOCK},
    {"hr", EL_BLOCK},      {"caption", EL_BLOCK},  {"center", EL_BLOCK},  {"details", EL_BLOCK},
    {"summary", EL_BLOCK}, {"form", EL_BLOCK},     {"fieldset", EL_BLOCK}, {"legend", EL_BLOCK},
    {"body", EL_BLOCK},    {"html", EL_BLOCK},     {"tbody", EL_BLOCK},   {"thead", EL_BLOCK},
    {"tfoot", EL_BLOCK},   {"hgroup", EL_BLOCK},   {"menu", EL_LIST},     {"dir", EL_LIST},
};

/* Element names -> class, hashed: the walk asks once per element on the
   way in and once on the way out, so a linear scan of the table above
   was a fifth of the whole time. */
#define ETAB 256
static struct {
  const char *name;
  int cls;
} etab[ETAB];
static pthread_once_t etab_once = PTHREAD_ONCE_INIT;

static unsigned name_hash(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void etab_build(void) {
  for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++) {
    unsigned h = name_hash(elements[i].name) % ETAB;
    while (etab[h].name) h = (h + 1) % ETAB;
    etab[h].name = elements[i].name;
    etab[h].cls = elements[i].cls;
  }
}

static int element_class(const xmlChar *name) {
  if (!name) return EL_INLINE;
  pthread_once(&etab_once, etab_build);
  for (unsigned h = name_hash((const char *)name) % ETAB; etab[h].name; h = (h + 1) % ETAB)
    if (strcmp((const char *)name, etab[h].name) == 0) return etab[h].cls;
  return EL_INLINE;
}

/* Words in id/class that mark chrome (matched as whole parts of a token
   split at - _ and lower/upper case changes: "globalNav" -> global, nav). */
static const char *const chrome_words[] = {
    "nav",     "navi",    "navigation", "gnav",     "gnavi",   "snav",     "lnav",
    "menu",    "menubar", "breadcrumb", "breadcrumbs", "topicpath", "pankuzu", "footer",
    "cookie",  "cookies", "consent",    "gdpr",     "banner",  "sidebar",  "side",
    "share",   "sns",     "social",     "skip",     "pagetop", "ad",       "ads",
    "advert",  "advertisement", "modal", "popup",   "related", "search",   "sitemap",
    /* run together, as Japanese CMS templates write them (tmp_lnavi …) */
    "lnavi",   "snavi",   "localnav",   "localnavi", "subnav",  "subnavi",  "sidenav",
    "sidenavi", "sidemenu", "submenu",  "globalnav", "globalnavi", "footnav", "headnav",
    "toolbar", "topicpath", "sitenav",  "pagenav",  "cookiebanner", "cookieconsent",
};

/* Roles that are not content. */
static const char *const chrome_roles[] = {"navigation", "banner",  "contentinfo", "complementary",
                                           "search",     "menu",    "menubar",     "dialog",
                                           "alertdialog", "toolbar", "tooltip"};

/* id values (lower case, - and _ removed) of main-content containers. */
static const char *const content_ids[] = {
    "content",      "contents",     "main",        "maincontent", "maincontents", "primary",
    "article",      "entrycontent", "postbody",    "tmpcontents", "honbun",       "pagecontent",
    "contentsmain", "contentmain",  "mainarea",    "contentarea", "contentsarea", "entrybody",
    "articlebody",  "mainblock",    "detail",      "postcontent", "articlecontent"};

/* Is part [p, p+n) of a token one of the chrome words? */
static int is_chrome_part(const char *p, size_t n, int page_level) {
  char low[24];
  if (n == 0 || n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)p[i]);
  low[n] = 0;
  for (size_t i = 0; i < sizeof chrome_words / sizeof chrome_words[0]; i++)
    if (strcmp(low, chrome_words[i]) == 0) return 1;
  /* A page-level header (#header, .site-header) is chrome; an article's own
     header holds its title. */
  return page_level && strcmp(low, "header") == 0;
}

/* Does an id/class value contain a chrome word, as a part of a token or
   as the whole token with its separators removed ("topicPath")? */
static int attr_says_chrome(const char *v, int page_level) {
  const char *p = v;
  while (*p) {
    while (*p && isspace((unsigned char)*p)) p++;
    char whole[24];
    size_t wk = 0;
    int too_long = 0;
    while (*p && !isspace((unsigned char)*p)) {
      const char *s = p;
      while (*p && isalnum((unsigned char)*p)) {
        /* camelCase boundary: a capital after a lower-case letter */
        if (p > s && isupper((unsigned char)*p) && islower((unsigned char)p[-1])) break;
        p++;
      }
      if (p > s && is_chrome_part(s, (size_t)(p - s), page_level)) return 1;
      for (const char *q = s; q < p; q++) {
        if (wk + 1 < sizeof whole) whole[wk++] = *q;
        else too_long = 1;
      }
      if (p == s) p++; /* a separator */
    }
    if (wk && !too_long && is_chrome_part(whole, wk, page_level)) return 1;
  }
  return 0;
}

static const char *attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (a->name && strcasecmp((const char *)a->name, name) == 0) {
      if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
        return (const char *)a->children->content;
      return "";
    }
  return NULL;
}

/* Is element n chrome (to be dropped with everything in it)? */
static int is_chrome(const xmlNode *n, int page_level) {
  const char *v;
  if ((v = attr(n, "hidden")) != NULL) return 1;
  if ((v = attr(n, "aria-hidden")) != NULL && strcasecmp(v, "true") == 0) return 1;
  if ((v = attr(n, "style")) != NULL) {
    /* display:none, written with any spacing */
    char sq[128];
    size_t k = 0;
    for (; *v && k + 1 < sizeof sq; v++)
      if (!isspace((unsigned char)*v)) sq[k++] = (char)tolower((unsigned char)*v);
    sq[k] = 0;
    if (strstr(sq, "display:none") || strstr(sq, "visibility:hidden")) return 1;
  }
  if ((v = attr(n, "role")) != NULL)
    for (size_t i = 0; i < sizeof chrome_roles / sizeof chrome_roles[0]; i++)
      if (strcasecmp(v, chrome_roles[i]) == 0) return 1;
  if ((v = attr(n, "id")) != NULL && attr_says_chrome(v, page_level)) return 1;
  if ((v = attr(n, "class")) != NULL && attr_says_chrome(v, page_level)) return 1;
  return 0;
}

/* Is an id/class value one of the main-content names? */
static int is_content_name(const char *v) {
  const char *p = v;
  while (*p) {
    while (*p && isspace((unsigned char)*p)) p++;
    char key[32];
    size_t k = 0;
    while (*p && !isspace((unsigned char)*p)) {
      if (*p != '-' && *p != '_' && k + 1 < sizeof key) key[k++] = (char)tolower((unsigned char)*p);
      p++;
    }
    key[k] = 0;
    for (size_t i = 0; k && i < sizeof content_ids / sizeof content_ids[0]; i++)
      if (strcmp(key, content_ids[i]) == 0) return 1;
  }
  return 0;
}

/* ---- choosing the part of the page to read ------------------------------ */

static int is_el(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

/* Next node in document order; skip_children to jump over n's subtree.
   Returns NULL after the last node under root. */
static xmlNode *next_node(xmlNode *n, xmlNode *root, int skip_children) {
  if (!skip_children && n->children) return n->children;
  while (n && n != root) {
    if (n->next) return n->next;
    n = n->parent;
  }
  return NULL;
}

/* Lowest common ancestor of a and b. */
static xmlNode *common_ancestor(xmlNode *a, xmlNode *b) {
  int da = 0, db = 0;
  for (xmlNode *x = a; x; x = x->parent) da++;
  for (xmlNode *x = b; x; x = x->parent) db++;
  while (da > db) a = a->parent, da--;
  while (db > da) b = b->parent, db--;
  while (a != b) a = a->parent, b = b->parent;
  return a;
}

/* Does the subtree hold any non-blank text (outside dropped tags)? */
static int has_text(xmlNode *root) {
  for (xmlNode *n = root; n; ) {
    int skip = 0;
    if (n->type == XML_TEXT_NODE && n->content) {
      for (const xmlChar *c = n->content; *c; c++)
        if (!isspace(*c)) return 1;
    } else if (n->type == XML_ELEMENT_NODE && n != root) {
      skip = element_class(n->name) == EL_DROP;
    }
    n = next_node(n, root, skip);
  }
  return 0;
}

/*
** The element whose text is the page's content: <main> / role=main, else
** the single <article> (or the lowest common ancestor of several), else
** the first #content-like container with text, else <body>.
*/
static xmlNode *choose_scope(xmlNode *top, const char **why) {
  xmlNode *body = NULL, *main_el = NULL, *art = NULL, *named = NULL;
  int narticles = 0;
  for (xmlNode *n = top; n; ) {
    int skip = 0;
    if (n->type == XML_ELEMENT_NODE) {
      int cls = element_class(n->name);
      if (cls == EL_DROP) skip = 1;
      else if (!body && is_el(n, "body")) body = n;
      else if (!main_el && (is_el(n, "main") || ((attr(n, "role") && strcasecmp(attr(n, "role"), "main") == 0))))
        main_el = n;
      else if (is_el(n, "article")) {
        art = narticles++ ? common_ancestor(art, n) : n;
        skip = 1; /* articles inside articles do not count again */
      } else if (!named) {
        const char *id = attr(n, "id"), *cl = attr(n, "class");
        if ((id && is_content_name(id)) || (cl && is_content_name(cl))) {
          if (has_text(n)) named = n;
        }
      }
    }
    n = next_node(n, top, skip);
  }
  if (main_el && has_text(main_el)) return *why = "main", main_el;
  if (art && has_text(art)) return *why = narticles == 1 ? "article" : "articles", art;
  if (named) return *why = "#content", named;
  if (body) return *why = "body", body;
  return *why = "document", top;
}

/* ---- writing text --------------------------------------------------------- */

#define MAX_LISTS 64

typedef struct walker {
  jk_buf *out;
  size_t start;        /* where this page's text began in out */
  size_t line_body;    /* offset where the current line begins */
  size_t mark_end;     /* offset just after the current line's list mark */
  int nl_run;          /* newlines just written (0 mid-line) */
  int space;           /* a collapsed space is pending */
  int space_nl;        /* … and it contained a line break */
  int pre;             /* inside <pre> */
  int in_article;      /* inside main/article: header/footer are content */
  int headings;        /* h1-h3 written */
  struct { int ordered, count; } lists[MAX_LISTS];
  int nlists;          /* may exceed MAX_LISTS: deeper ones are unnumbered */
} walker;

static int at_line_start(const walker *w) {
  return w->out->len <= w->line_body || w->out->len == w->mark_end;
}

/* End the current line (trimming its trailing blanks) unless already at
   the start of one; with blank, also leave one blank line (never more). */
static void end_line(walker *w, int blank) {
  jk_buf *o = w->out;
  w->space = 0;
  if (o->len > w->line_body) {
    if (o->len == w->mark_end) return; /* only a list mark: keep it for what follows */
    while (o->len > w->line_body && (o->p[o->len - 1] == ' ' || o->p[o->len - 1] == '\t')) o->len--;
    o->p[o->len] = 0;
    if (o->len > w->line_body) {
      jk_buf_putc(o, '\n');
      w->nl_run = 1;
    }
  }
  if (blank && o->len > w->start && w->nl_run < 2) {
    jk_buf_putc(o, '\n');
    w->nl_run = 2;
  }
  w->line_body = o->len;
}

/* Is the code point ending at o->len wide (CJK and the like)? */
static int last_is_wide(const jk_buf *o) {
  return o->len > 0 && (unsigned char)o->p[o->len - 1] >= 0x80;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Append text-node content, collapsing white space as a browser does,
   except that a line break between two wide characters is dropped
   (Japanese is written without spaces; a source line break in the
   middle of a word must not split it for the extractors). */
static void put_text(walker *w, const char *s) {
  jk_buf *o = w->out;
  if (w->pre) {
    for (; *s; s++) {
      if (*s == '\r') continue;
      jk_buf_putc(o, *s);
      if (*s == '\n') {
        w->line_body = o->len;
        if (w->nl_run < 2) w->nl_run++;
      } else {
        w->nl_run = 0;
      }
    }
    return;
  }
  while (*s) {
    if (is_ws(*s)) {
      if (!w->space) w->space = 1, w->space_nl = 0;
      if (*s == '\n' || *s == '\r') w->space_nl = 1;
      s++;
      continue;
    }
    const char *e = s;
    while (*e && !is_ws(*e)) e++;
    if (w->space && !at_line_start(w)) {
      int drop = w->space_nl && last_is_wide(o) && (unsigned char)*s >= 0x80;
      if (!drop) jk_buf_putc(o, ' ');
    }
    w->space = 0;
    jk_buf_append(o, s, (size_t)(e - s));
    w->nl_run = 0;
    s = e;
  }
}

/* Entering an element: returns 1 to walk its children (then leave() is
   called), 0 to skip it. */
static int enter(walker *w, xmlNode *n, xmlNode *root) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (n->content) put_text(w, (const char *)n->content);
    return 0;
  }
  if (n->type != XML_ELEMENT_NODE) return 0;
  int cls = element_class(n->name);
  if (n != root) {
    if (cls == EL_DROP) return 0;
    if (cls == EL_CHROME_PAGE && !w->in_article) return 0;
    if (is_chrome(n, !w->in_article)) return 0;
  }
  if (is_el(n, "article") || is_el(n, "main")) w->in_article++;
  switch (cls) {
  case EL_HEADING:
    end_line(w, 1);
    break;
  case EL_BR:
    /* <br><br> is a blank line; more of them are still one. */
    if (w->out->len > w->start && w->out->len == w->line_body) {
      if (w->nl_run < 2) jk_buf_putc(w->out, '\n'), w->nl_run++;
      w->line_body = w->out->len;
    } else {
      end_line(w, 0);
    }
    break;
  case EL_LIST:
    end_line(w, 0);
    if (w->nlists < MAX_LISTS) {
      w->lists[w->nlists].ordered = is_el(n, "ol");
      w->lists[w->nlists].count = 0;
    }
    w->nlists++;
    break;
  case EL_LI:
    end_line(w, 0);
    if (w->out->len == w->mark_end && w->mark_end > w->line_body) w->out->len = w->line_body;
    if (w->nlists > 0 && w->nlists <= MAX_LISTS && w->lists[w->nlists - 1].ordered)
      jk_buf_printf(w->out, "%d. ", ++w->lists[w->nlists - 1].count);
    else
      jk_buf_puts(w->out, "・");
    w->mark_end = w->out->len;
    w->nl_run = 0;
    break;
  case EL_CELL:
    if (!at_line_start(w)) w->space = 1, w->space_nl = 0;
    break;
  case EL_PRE:
    end_line(w, 0);
    w->pre++;
    break;
  case EL_BLOCK:
  case EL_CHROME_PAGE:
    end_line(w, 0);
    break;
  default:
    break;
  }
  return 1;
}

static void leave(walker *w, xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE) return;
  int cls = element_class(n->name);
  if (is_el(n, "article") || is_el(n, "main")) w->in_article--;
  switch (cls) {
  case EL_HEADING:
    if (!at_line_start(w) && n->name[1] >= '1' && n->name[1] <= '3') w->headings++;
    end_line(w, 0);
    break;
  case EL_LIST:
    w->nlists--;
    end_line(w, 0);
    break;
  case EL_PRE:
    w->pre--;
    end_line(w, 0);
    break;
  case EL_LI:
  case EL_BLOCK:
  case EL_CHROME_PAGE:
    end_line(w, 0);
    break;
  default:
    break;
  }
}

/* Walk root in document order without recursion. */
static void walk(walker *w, xmlNode *root) {
  xmlNode *n = root;
  for (;;) {
    int descend = enter(w, n, root);
    if (descend && n->children) {
      n = n->children;
      continue;
    }
    if (descend) leave(w, n);
    for (;;) {
      if (n == root) return;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      leave(w, n);
    }
  }
}

/* The <title> text, white space collapsed, into buf. */
static void page_title(xmlNode *top, char *buf, size_t n) {
  buf[0] = 0;
  for (xmlNode *x = top; x; x = next_node(x, top, is_el(x, "body"))) {
    if (!is_el(x, "title")) continue;
    xmlChar *t = xmlNodeGetContent(x);
    if (!t) return;
    size_t k = 0;
    int sp = 0;
    for (const xmlChar *c = t; *c; c++) {
      if (isspace(*c)) {
        sp = k > 0;
        continue;
      }
      /* whole code points only: stop before one that does not fit */
      size_t cl = *c < 0x80 ? 1 : *c < 0xE0 ? 2 : *c < 0xF0 ? 3 : 4;
      if (k + (size_t)sp + cl + 1 > n) break;
      if (sp) buf[k++] = ' ';
      sp = 0;
      for (size_t i = 0; i < cl && c[i]; i++) buf[k++] = (char)c[i];
      c += cl - 1;
      if (!c[0]) break;
    }
    buf[k] = 0;
    xmlFree(t);
    return;
  }
}

/* ---- the entry points ------------------------------------------------------ */

jk_rc jk_html_to_text(const char *bytes, size_t len, const char *charset_hint, jk_buf *out,
                      jk_diags *diags) {
  return jk_html_to_text_ex(bytes, len, charset_hint, out, NULL, diags);
}

jk_rc jk_html_to_text_ex(const char *bytes, size_t len, const char *charset_hint, jk_buf *out,
                         jk_html_info *info, jk_diags *diags) {
  jk_html_info dummy;
  if (!info) info = &dummy;
  memset(info, 0, sizeof *info);
  info->scope = "none";
  if (len > JK_HTML_MAX) return JK_ETOOBIG;
  if (len == 0) {
    if (diags) jk_diags_add(diags, 0, -1, "empty HTML document: no text");
    return JK_OK;
  }
  int bom = 0;
  jk_html_charset(bytes, len, charset_hint, info->charset, sizeof info->charset, &bom);
  if (bom) {
    size_t skip = strcmp(info->charset, "UTF-8") == 0 ? 3 : 2;
    bytes += skip;
    len -= skip;
  }

  /* Decode to UTF-8 unless the bytes already are clean UTF-8 without NULs
     (the common case: parse them in place, no copy). */
  jk_buf dec;
  jk_buf_init(&dec);
  const char *src = bytes;
  size_t srclen = len;
  int is_utf8 = strcmp(info->charset, "UTF-8") == 0;
  if (!is_utf8 || jk_utf8_valid_len(bytes, len) != len || memchr(bytes, 0, len)) {
    size_t bad = 0;
    jk_rc rc = jk_charset_to_utf8(bytes, len, info->charset, &dec, &bad);
    if (rc == JK_EUNSUP) {
      if (diags) jk_diags_add(diags, 0, -1, "charset %s is unknown: read as UTF-8", info->charset);
      snprintf(info->charset, sizeof info->charset, "UTF-8");
      rc = jk_charset_to_utf8(bytes, len, "UTF-8", &dec, &bad);
    }
    if (rc) {
      jk_buf_free(&dec);
      return rc;
    }
    if (bad && diags)
      jk_diags_add(diags, 0, -1, "%zu byte sequence%s not valid %s: replaced by U+FFFD", bad,
                   bad == 1 ? "" : "s", info->charset);
    src = dec.p ? dec.p : "";
    srclen = dec.len;
  }
  if (srclen > INT_MAX) {
    jk_buf_free(&dec);
    return JK_ETOOBIG;
  }

  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) {
    jk_buf_free(&dec);
    return JK_ENOMEM;
  }
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, src, (int)srclen, NULL, "UTF-8",
                                      HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                          HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
                                          HTML_PARSE_COMPACT);
  /* libxml2 stops at 256 levels of nesting (a guard we keep): say so
     rather than return a silently shortened text. */
  if (ctxt->lastError.message && strstr(ctxt->lastError.message, "Excessive depth") && diags)
    jk_diags_add(diags, ctxt->lastError.line, -1,
                 "HTML nested deeper than 256 levels: the text after that point is not read");
  htmlFreeParserCtxt(ctxt);
  jk_rc rc = JK_OK;
  xmlNode *top = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!top) {
    if (diags) jk_diags_add(diags, 0, -1, "no HTML elements found: no text");
  } else {
    page_title(top, info->title, sizeof info->title);
    walker w;
    memset(&w, 0, sizeof w);
    w.out = out;
    w.start = w.line_body = out->len;
    xmlNode *scope = choose_scope(top, &info->scope);
    for (xmlNode *a = scope; a; a = a->parent)
      if (is_el(a, "article") || is_el(a, "main")) w.in_article = 1;
    walk(&w, scope);
    end_line(&w, 0);
    /* drop trailing blank lines */
    while (out->len > w.start + 1 && out->p[out->len - 1] == '\n' && out->p[out->len - 2] == '\n')
      out->p[--out->len] = 0;
    /* A page whose content has no heading gets its <title> as the first
       line, so the notice is found by its title. */
    if (!w.headings && info->title[0] && out->len > w.start) {
      size_t tl = strlen(info->title);
      if (!jk_has(out->p + w.start, out->len - w.start, info->title) &&
          jk_buf_reserve(out, tl + 2) == JK_OK) {
        memmove(out->p + w.start + tl + 2, out->p + w.start, out->len - w.start + 1);
        memcpy(out->p + w.start, info->title, tl);
        out->p[w.start + tl] = '\n';
        out->p[w.start + tl + 1] = '\n';
        out->len += tl + 2;
      }
    }
    if (out->len == w.start && diags) jk_diags_add(diags, 0, -1, "the page has no text in its content");
  }
  if (out->oom) rc = JK_ENOMEM;
  if (doc) xmlFreeDoc(doc);
  jk_buf_free(&dec);
  return rc;
}
