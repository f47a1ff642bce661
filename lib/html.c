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
  int keep_chrome;     /* 1: keep what id/class/role call chrome (the footer's copyright line) */
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
    if (!w->keep_chrome && is_chrome(n, !w->in_article)) return 0;
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

/* ---- the site's name ------------------------------------------------------ */

/*
** A page names its publisher in several places, none of them reliable
** alone: <meta property="og:site_name">, <meta name="application-name">,
** the part of <title> after a separator ("…について｜架空市"), and the
** footer's copyright line ("© 2024 架空市").  Each candidate is cleaned
** (boilerplate such as 公式ホームページ, All Rights Reserved, years, ©
** taken out, spaces and separators trimmed) and kept only if it still
** looks like a name: short, no markup, no URL, not a section name
** (お知らせ, News) and not the title of a notice (…について, 漏えい…).
** NFKC is left to extraction.
*/

#define SITE_IN_MAX 2048 /* a longer candidate is not a name: not even read */
#define SITE_MAX_CP 40   /* code points */

/* Taken out of a candidate wherever they stand (ASCII case ignored). */
static const char *const site_noise[] = {
    "All Rights Reserved", "Copyright", "(C)", "（C）", "（Ｃ）", "(Ｃ)", "（ｃ）", "©", "Ⓒ",
    "公式ホームページ", "公式ウェブサイト", "公式Webサイト", "公式サイト", "オフィシャルホームページ",
    "オフィシャルサイト", "ホームページ", "ウェブサイト", "Webサイト", "Official Website",
    "Official Web Site", "Official Site", "無断転載を禁じます", "無断転載禁止",
};

/* Whole candidates that name a section of a site, not the site. */
static const char *const site_generic[] = {
    "ホーム", "トップ", "トップページ", "Home", "Top", "Top Page", "お知らせ", "新着情報", "更新情報",
    "ニュース", "News", "ニュースリリース", "プレスリリース", "Press Release", "Press Releases",
    "ブログ", "Blog", "記者発表", "報道発表", "報道発表資料", "重要なお知らせ", "トピックス", "Topics",
    "Untitled", "無題", "index", "Information", "インフォメーション", "RSS", "Atom", "Feed", "フィード",
    "サイトマップ", "Sitemap", "English", "日本語",
};

/* Words of a notice's title (or of a sentence): a candidate holding one
   is the page's title, not its site. */
static const char *const site_notice_words[] = {
    "について", "に関する", "お詫び", "おわび", "ご報告", "ご案内", "漏えい", "漏洩", "流出", "紛失",
    "誤送信", "誤送付", "誤配信", "不正アクセス", "不正ログイン", "ランサムウェア", "感染", "被害", "。",
};

/* What a feed's title adds after the site's name ("ミドリ技研 ニュースリリース"). */
static const char *const feed_title_tails[] = {
    "ニュースリリース", "プレスリリース", "新着情報", "更新情報", "お知らせ", "ニュース", "ブログ",
    "トピックス", "フィード", "Blog", "News", "RSS", "Feed",
};

/* Abbreviations whose final dot belongs to the name ("Co., Ltd."). */
static const char *const site_abbrev[] = {"Ltd", "Inc", "Co", "Corp", "Jr", "Bros", "Assn", "Univ", "Dept"};

/* Length of the white space character at p (0: none). */
static size_t ws_len(const unsigned char *p, const unsigned char *end) {
  if (p >= end) return 0;
  if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') return 1;
  if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0) return 2;                  /* NBSP */
  if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3;  /* ideographic space */
  if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] <= 0x8B || p[2] == 0xAF)) return 3;
  if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return 3;  /* BOM */
  return 0;
}

/* A digit (ASCII or full-width) at p: its byte length, else 0. */
static size_t digit_len(const unsigned char *p, const unsigned char *end) {
  if (p < end && *p >= '0' && *p <= '9') return 1;
  if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) return 3;
  return 0;
}

/* Separators trimmed from both ends of a candidate. */
static const char *const site_edge_punct[] = {
    ".", ",", "、", "。", "-", "–", "—", "―", "‐", "－", "~", "〜", "～", "|", "｜", ":", "：",
    "・", "/", "／", "_", ";", "；",
};

static size_t ends_with_any(const char *p, size_t n, const char *const *w, size_t nw) {
  for (size_t i = 0; i < nw; i++) {
    size_t k = strlen(w[i]);
    if (n >= k && memcmp(p + n - k, w[i], k) == 0) return k;
  }
  return 0;
}

/* Trim spaces and separators from both ends of buf[0, *n). */
static void site_trim(char *buf, size_t *n, size_t *start) {
  size_t a = *start, b = *n;
  size_t npunct = sizeof site_edge_punct / sizeof site_edge_punct[0];
  for (int changed = 1; changed && a < b;) {
    changed = 0;
    if (buf[a] == ' ') a++, changed = 1;
    else if (b > a && buf[b - 1] == ' ') b--, changed = 1;
    else {
      size_t k;
      if (jk_starts_any(buf + a, b - a, site_edge_punct, npunct, &k)) a += k, changed = 1;
      else if ((k = ends_with_any(buf + a, b - a, site_edge_punct, npunct)) != 0) {
        /* "Co., Ltd." keeps its dot */
        int keep = 0;
        if (buf[b - 1] == '.') {
          size_t e = b - 1, s = e;
          while (s > a && isalpha((unsigned char)buf[s - 1])) s--;
          for (size_t i = 0; i < sizeof site_abbrev / sizeof site_abbrev[0] && !keep; i++)
            keep = e - s == strlen(site_abbrev[i]) && strncasecmp(buf + s, site_abbrev[i], e - s) == 0;
        }
        if (!keep) b -= k, changed = 1;
      }
    }
  }
  *start = a;
  *n = b;
}

static int is_generic_name(const char *p, size_t n) {
  for (size_t i = 0; i < sizeof site_generic / sizeof site_generic[0]; i++)
    if (strlen(site_generic[i]) == n && strncasecmp(p, site_generic[i], n) == 0) return 1;
  return 0;
}

/* Does a cleaned candidate look like a site's name? */
static int site_plausible(const char *p, size_t n) {
  if (n == 0 || n >= sizeof ((jk_html_info *)0)->site) return 0;
  if (jk_utf8_valid_len(p, n) != n || jk_cp_more(p, n, SITE_MAX_CP)) return 0;
  int letter = 0, hostlike = 1, dot = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x20 || c == 0x7F || c == '<' || c == '>') return 0; /* control characters, markup */
    if (c >= 0x80 || isalpha(c)) letter = 1;
    if (c == '.') dot = 1;
    else if (!isalnum(c) && c != '-') hostlike = 0;
  }
  if (!letter || (hostlike && dot)) return 0; /* "2024", "example.co.jp" */
  if (jk_has(p, n, "\xEF\xBF\xBD") || jk_has(p, n, "://") || strncasecmp(p, "www.", n < 4 ? n : 4) == 0)
    return 0; /* U+FFFD: bytes that did not decode; a URL */
  if (is_generic_name(p, n)) return 0;
  if (jk_has_any(p, n, site_notice_words, sizeof site_notice_words / sizeof site_notice_words[0])) return 0;
  return 1;
}

/*
** Clean candidate [s, s+n) into out (NUL-terminated); feed: also drop what
** a feed's title adds after the name.  Returns its length, 0 when nothing
** plausible is left.
*/
static size_t site_clean(const char *s, size_t n, int feed, char *out, size_t outn) {
  out[0] = 0;
  if (n > SITE_IN_MAX) return 0;
  char buf[SITE_IN_MAX + 8];
  size_t k = 0;
  int stripped = 0;
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  size_t nnoise = sizeof site_noise / sizeof site_noise[0];
  while (p < end) {
    size_t l = ws_len(p, end);
    if (l) {
      if (k && buf[k - 1] != ' ') buf[k++] = ' ';
      p += l;
      continue;
    }
    size_t i;
    for (i = 0; i < nnoise; i++) {
      size_t wl = strlen(site_noise[i]);
      if ((size_t)(end - p) >= wl && strncasecmp((const char *)p, site_noise[i], wl) == 0) break;
    }
    if (i < nnoise) {
      if (k && buf[k - 1] != ' ') buf[k++] = ' ';
      p += strlen(site_noise[i]);
      stripped = 1;
      continue;
    }
    if (digit_len(p, end)) {
      /* A year (4 digits from 1900 to 2099, maybe 年) stands alone: dropped. */
      const unsigned char *q = p;
      int digits = 0, first = q[0] == '1' || q[0] == '2' || (q[0] == 0xEF && (q[2] == 0x91 || q[2] == 0x92));
      size_t dl;
      while ((dl = digit_len(q, end)) != 0) q += dl, digits++;
      int alnum_before = p > (const unsigned char *)s && isalnum(p[-1]);
      int alnum_after = q < end && isalnum(*q);
      if (digits == 4 && first && !alnum_before && !alnum_after) {
        if (end - q >= 3 && memcmp(q, "年", 3) == 0) q += 3;
        if (k && buf[k - 1] != ' ') buf[k++] = ' ';
        stripped = 1;
      } else {
        memcpy(buf + k, p, (size_t)(q - p));
        k += (size_t)(q - p);
      }
      p = q;
      continue;
    }
    buf[k++] = (char)*p++;
  }
  size_t a = 0;
  site_trim(buf, &k, &a);
  for (int again = 1; again && k > a;) {
    again = 0;
    size_t t;
    if (feed && (t = ends_with_any(buf + a, k - a, feed_title_tails,
                                   sizeof feed_title_tails / sizeof feed_title_tails[0])) != 0 &&
        t < k - a) {
      k -= t;
      stripped = again = 1;
    }
    /* "架空市の公式ホームページ" → "架空市の" → "架空市" */
    if (stripped && jk_ends(buf + a, k - a, "の") && k - a > 3) k -= 3, again = 1;
    site_trim(buf, &k, &a);
  }
  if (!site_plausible(buf + a, k - a) || k - a >= outn) return 0;
  memcpy(out, buf + a, k - a);
  out[k - a] = 0;
  return k - a;
}

/* Separators between a page's title and its site, strongest first. */
static const char *const title_seps_1[] = {"｜", "|", "│"};
static const char *const title_seps_2[] = {" - ", " -", "- ", "—", "–", "―", "‐", "－", "：", " : ", " :", ": "};
static const char *const title_seps_3[] = {"・", "･"};

/*
** The site named by a title: the last part after a separator, or the
** first when the last is a section name or a notice's title ("架空市｜
** 個人情報の漏えいについて").  whole: with no separator, the whole title
** is the name (a feed's title); a page's title alone is the page's.
*/
static size_t site_from_title(const char *t, size_t n, int whole, char *out, size_t outn) {
  static const struct {
    const char *const *v;
    size_t n;
  } groups[] = {{title_seps_1, sizeof title_seps_1 / sizeof title_seps_1[0]},
                {title_seps_2, sizeof title_seps_2 / sizeof title_seps_2[0]},
                {title_seps_3, sizeof title_seps_3 / sizeof title_seps_3[0]}};
  out[0] = 0;
  if (n > SITE_IN_MAX * 4) return 0;
  for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
    /* The first and the last separator of this group. */
    size_t first_at = n, first_len = 0, last_at = 0, last_len = 0;
    for (size_t i = 0; i < n; i++) {
      size_t k;
      if (!jk_starts_any(t + i, n - i, groups[g].v, groups[g].n, &k)) continue;
      if (first_at == n) first_at = i, first_len = k;
      last_at = i, last_len = k;
      i += k - 1;
    }
    if (first_at == n) continue;
    size_t r = site_clean(t + last_at + last_len, n - last_at - last_len, whole, out, outn);
    if (!r && first_at > 0) r = site_clean(t, first_at, whole, out, outn);
    (void)first_len;
    return r;
  }
  return whole ? site_clean(t, n, 1, out, outn) : 0;
}

size_t jk_site_from_feed_title(const char *title, char *out, size_t n) {
  if (!out || n == 0) return 0;
  out[0] = 0;
  if (!title) return 0;
  return site_from_title(title, strlen(title), 1, out, n);
}

/* Copyright markers: strong ones count anywhere, weak ones in a footer. */
static const char *const copy_strong[] = {"©", "Ⓒ", "Copyright", "COPYRIGHT", "copyright"};
static const char *const copy_weak[] = {"(C)", "(c)", "（C）", "（c）", "（Ｃ）", "（ｃ）", "(Ｃ)"};

static const char *find_copy_marker(const char *s, size_t n, int weak_too) {
  const char *m = jk_find_any(s, n, copy_strong, sizeof copy_strong / sizeof copy_strong[0], NULL);
  if (!m && weak_too) m = jk_find_any(s, n, copy_weak, sizeof copy_weak / sizeof copy_weak[0], NULL);
  return m;
}

/* Is n inside a page footer (<footer>, role=contentinfo, #footer, .copyright)? */
static int in_footer(const xmlNode *n) {
  for (int depth = 0; n && n->type == XML_ELEMENT_NODE && depth < 512; n = n->parent, depth++) {
    if (is_el(n, "footer")) return 1;
    const char *v = attr(n, "role");
    if (v && strcasecmp(v, "contentinfo") == 0) return 1;
    if ((v = attr(n, "id")) != NULL && (strcasestr(v, "footer") || strcasestr(v, "copy"))) return 1;
    if ((v = attr(n, "class")) != NULL && (strcasestr(v, "footer") || strcasestr(v, "copy"))) return 1;
  }
  return 0;
}

/* The name in the copyright line around text node tn. */
static size_t site_from_copyright(xmlNode *tn, char *out, size_t outn) {
  out[0] = 0;
  /* The block the line is in (a <small> or <a> inside a <p>: the <p>). */
  xmlNode *b = tn->parent;
  while (b && b->type == XML_ELEMENT_NODE && b->parent && b->parent->type == XML_ELEMENT_NODE) {
    int cls = element_class(b->name);
    if (cls != EL_INLINE && cls != EL_BR) break;
    b = b->parent;
  }
  if (!b || b->type != XML_ELEMENT_NODE) return 0;
  jk_buf text;
  jk_buf_init(&text);
  walker w;
  memset(&w, 0, sizeof w);
  w.out = &text;
  w.in_article = 1; /* a footer inside it is kept */
  w.keep_chrome = 1;
  walk(&w, b);
  end_line(&w, 0);
  size_t r = 0;
  if (!text.oom && text.p) {
    /* The last line with a marker; in it, the part between bars with the marker. */
    const char *line = NULL, *line_end = NULL;
    for (const char *p = text.p; p < text.p + text.len;) {
      const char *e = memchr(p, '\n', (size_t)(text.p + text.len - p));
      if (!e) e = text.p + text.len;
      if (find_copy_marker(p, (size_t)(e - p), 1)) line = p, line_end = e;
      p = e + 1;
    }
    if (line) {
      const char *m = find_copy_marker(line, (size_t)(line_end - line), 1);
      static const char *const bars[] = {"|", "｜"};
      for (const char *p = line; p < m;) {
        size_t k;
        if (jk_starts_any(p, (size_t)(m - p), bars, 2, &k)) line = p + k, p += k;
        else p++;
      }
      const char *bar = jk_find_any(m, (size_t)(line_end - m), bars, 2, NULL);
      if (bar) line_end = bar;
      /* An address or telephone number after the name is not the name. */
      static const char *const stops[] = {"〒", "TEL", "Tel.", "Tel:", "電話", "住所"};
      const char *stop = jk_find_any(line, (size_t)(line_end - line), stops, sizeof stops / sizeof stops[0], NULL);
      if (stop && stop > m) line_end = stop;
      r = site_clean(line, (size_t)(line_end - line), 0, out, outn);
    }
  }
  jk_buf_free(&text);
  return r;
}

/* Fill info->site from the page's meta tags, title and footer. */
static void page_site(xmlNode *top, jk_html_info *info) {
  const char *og = NULL, *app = NULL;
  xmlNode *title = NULL, *copy = NULL;
  for (xmlNode *n = top; n;) {
    int skip = 0;
    if (n->type == XML_ELEMENT_NODE) {
      if (is_el(n, "script") || is_el(n, "style") || is_el(n, "template") || is_el(n, "textarea") ||
          is_el(n, "noscript")) {
        skip = 1;
      } else if (is_el(n, "meta")) {
        const char *key = attr(n, "property");
        if (!key) key = attr(n, "name");
        const char *content = attr(n, "content");
        if (key && content) {
          if (!og && strcasecmp(key, "og:site_name") == 0) og = content;
          else if (!app && strcasecmp(key, "application-name") == 0) app = content;
        }
      } else if (!title && is_el(n, "title")) {
        title = n;
        skip = 1;
      }
    } else if (n->type == XML_TEXT_NODE && n->content) {
      size_t len = strlen((const char *)n->content);
      if (find_copy_marker((const char *)n->content, len, 0) ||
          (find_copy_marker((const char *)n->content, len, 1) && in_footer(n->parent)))
        copy = n;
    }
    n = next_node(n, top, skip);
  }
  char *site = info->site;
  size_t sn = sizeof info->site;
  if (og && site_clean(og, strlen(og), 0, site, sn)) info->site_from = "og:site_name";
  else if (app && site_clean(app, strlen(app), 0, site, sn)) info->site_from = "application-name";
  if (!site[0] && title) {
    /* Only the title's own text: an element inside it (a <script> the
       parser let in) is not part of it. */
    jk_buf t;
    jk_buf_init(&t);
    for (xmlNode *c = title->children; c; c = c->next)
      if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
        jk_buf_puts(&t, (const char *)c->content);
    if (t.p && !t.oom && site_from_title(t.p, t.len, 0, site, sn)) info->site_from = "title";
    jk_buf_free(&t);
  }
  if (!site[0] && copy && site_from_copyright(copy, site, sn)) info->site_from = "copyright";
  if (!site[0]) info->site_from = "";
}

/* ---- the entry points ------------------------------------------------------ */

jk_rc jk_html_to_text(const char *bytes, size_t len, const char *charset_hint, jk_buf *out,
                      jk_diags *diags) {
  return jk_html_to_text_ex(bytes, len, charset_hint, out, NULL, diags);
}

/* libxml2's nesting limit (xmlParserMaxDepth without XML_PARSE_HUGE). */
#define HTML_DEPTH_LIMIT 256

/* Every error of the parser passes here (even with HTML_PARSE_NOERROR,
   which only silences the printing): the depth error is noted whatever
   errors come after it, which the parser's lastError would not keep. */
static __thread int tl_too_deep, tl_deep_line;
static void on_parse_error(void *user, xmlErrorPtr e) {
  (void)user;
  if (e && e->message && strstr(e->message, "Excessive depth") && !tl_too_deep) {
    tl_too_deep = 1;
    tl_deep_line = e->line;
  }
}

jk_rc jk_html_to_text_ex(const char *bytes, size_t len, const char *charset_hint, jk_buf *out,
                         jk_html_info *info, jk_diags *diags) {
  jk_html_info dummy;
  if (!info) info = &dummy;
  memset(info, 0, sizeof *info);
  info->scope = "none";
  info->site_from = "";
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
  tl_too_deep = tl_deep_line = 0;
  if (ctxt->sax) ctxt->sax->serror = on_parse_error;
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, src, (int)srclen, NULL, "UTF-8",
                                      HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                          HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
                                          HTML_PARSE_COMPACT);
  /* libxml2 stops at 256 levels of nesting (a guard we keep): say so
     rather than return a silently shortened text.  Its last error says
     so only when no other error came after; on_parse_error sees it
     always. */
  int too_deep = tl_too_deep || (ctxt->lastError.message && strstr(ctxt->lastError.message, "Excessive depth"));
  int deep_line = tl_too_deep ? tl_deep_line : too_deep ? ctxt->lastError.line : 0;
  htmlFreeParserCtxt(ctxt);
  if (too_deep && diags)
    jk_diags_add(diags, deep_line, -1, "HTML nested deeper than %d levels: the text after that point is not read",
                 HTML_DEPTH_LIMIT);
  jk_rc rc = JK_OK;
  xmlNode *top = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!top) {
    if (diags) jk_diags_add(diags, 0, -1, "no HTML elements found: no text");
  } else {
    page_title(top, info->title, sizeof info->title);
    page_site(top, info);
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
