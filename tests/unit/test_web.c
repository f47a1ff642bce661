/*
** test_web.c — html.c, charset.c, doctype.c, feed.c and fetchstate.c on
** buffers: the fictional pages in tests/fixtures/web, pages built here in
** memory, and hostile input (empty, binary, invalid UTF-8, huge, deeply
** nested, a 10,000-entry feed, an XSS polyglot).
*/
#include "harness.h"

#include "jikenbo.h"
#include "web.h"

#include <iconv.h>
#include <sqlite3.h>

static char *fixture(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "tests/fixtures/web/%s", name);
  char *p = jk_t_slurp(path, len);
  if (!p) fprintf(stderr, "  missing fixture %s (run from the project root)\n", path);
  return p;
}

/* Text of an HTML buffer (static result buffer reused). */
static jk_buf out;
static jk_diags diags;
static jk_html_info info;
static const char *h2t(const char *p, size_t n, const char *hint) {
  jk_buf_reset(&out);
  jk_diags_free(&diags);
  jk_diags_init(&diags);
  jk_rc rc = jk_html_to_text_ex(p, n, hint, &out, &info, &diags);
  CHECK_INT(rc, JK_OK);
  return out.p ? out.p : "";
}

static int has_line(const char *text, const char *line) {
  size_t k = strlen(line);
  for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
    if ((p == text || p[-1] == '\n') && (p[k] == '\n' || p[k] == 0)) return 1;
  return 0;
}

static char *convert(const char *to, const char *p, size_t n, size_t *outn) {
  iconv_t cd = iconv_open(to, "UTF-8");
  char *buf = malloc(n * 2 + 16), *o = buf, *in = (char *)p;
  size_t il = n, ol = n * 2 + 16;
  iconv(cd, &in, &il, &o, &ol);
  iconv_close(cd);
  *outn = (size_t)(o - buf);
  return buf;
}

/* ---- HTML ----------------------------------------------------------------- */

TEST(html_main_content_without_chrome) {
  size_t n;
  char *p = fixture("notice-utf8.html", &n);
  if (!p) { CHECK(0); return; }
  const char *t = h2t(p, n, "text/html; charset=utf-8");
  CHECK_STR(info.scope, "main");
  CHECK_STR(info.charset, "UTF-8");
  CHECK(has_line(t, "当社オンラインストアへの不正アクセスによる個人情報漏えいに関するお詫びとお知らせ"));
  CHECK(has_line(t, "1. 経緯"));                    /* a heading on its own line */
  CHECK(has_line(t, "・氏名、住所、電話番号、メールアドレス")); /* ul item */
  CHECK(has_line(t, "2. 管理画面への接続元を制限します。"));   /* ol item */
  CHECK(has_line(t, "会員情報 1,234件"));            /* a table row */
  CHECK(has_line(t, "代表取締役社長 山吹 太郎"));    /* <br> */
  /* a source line break between Japanese characters is not a space */
  CHECK(strstr(t, "受け、お客様") != NULL);
  CHECK(strstr(t, "Cookie") == NULL);
  CHECK(strstr(t, "会社情報") == NULL);    /* global nav */
  CHECK(strstr(t, "サイトマップ") == NULL); /* footer */
  CHECK(strstr(t, "新着情報") == NULL);     /* sidebar */
  CHECK(strstr(t, "dataLayer") == NULL);    /* script */
  CHECK(strstr(t, "position") == NULL);     /* style */
  CHECK(strstr(t, "ホーム") == NULL);       /* breadcrumb */
  CHECK(strstr(info.title, "株式会社ハルニレ商会") != NULL);
  CHECK_STR(info.site, "株式会社ハルニレ商会"); /* the title's suffix before the footer's © */
  CHECK_STR(info.site_from, "title");
  free(p);
}

TEST(html_chrome_heavy_page_keeps_only_the_notice) {
  size_t n;
  char *p = fixture("chrome-heavy.html", &n);
  if (!p) { CHECK(0); return; }
  const char *t = h2t(p, n, NULL);
  CHECK(strncmp(t, "配送伝票の紛失についてのお詫び\n", strlen("配送伝票の紛失についてのお詫び\n")) == 0);
  CHECK(has_line(t, "2024年6月12日"));
  CHECK(strstr(t, "120件") != NULL);
  const char *chrome[] = {"カテゴリ", "Cookie", "キャンペーン", "過去のお知らせ", "第3報", "本文へ移動",
                          "関連リンク", "会社概要", "ページの先頭へ", "シェア", "検索", "ニュース",
                          "schema.org", "Copyright"};
  for (size_t i = 0; i < sizeof chrome / sizeof chrome[0]; i++) {
    if (strstr(t, chrome[i])) fprintf(stderr, "  chrome kept: %s\n", chrome[i]);
    CHECK(strstr(t, chrome[i]) == NULL);
  }
  /* whatever is left is short: the notice and nothing else */
  CHECK(out.len < 1200);
  CHECK_STR(info.site, "有限会社コマドリ物流"); /* "…について|有限会社コマドリ物流" */
  free(p);
}

TEST(html_shift_jis_by_header_meta_and_guess) {
  size_t n, sn;
  char *u = fixture("notice-sjis.utf8.html", &n);
  if (!u) { CHECK(0); return; }
  char *s = convert("CP932", u, n, &sn);
  /* charset from the HTTP header */
  const char *t = h2t(s, sn, "text/html; charset=Shift_JIS");
  CHECK_STR(info.charset, "CP932");
  CHECK(has_line(t, "メール誤送信による個人情報の流出について"));
  CHECK(has_line(t, "①送信前の複数人による確認を徹底します。")); /* a CP932 vendor character */
  CHECK(strstr(t, "pankuzu") == NULL && strstr(t, "市政情報") == NULL);
  CHECK_INT(diags.n, 0);
  /* from <meta http-equiv> alone */
  t = h2t(s, sn, NULL);
  CHECK_STR(info.charset, "CP932");
  CHECK(has_line(t, "保護者56人分のメールアドレス"));
  /* the header lies (UTF-8): the bytes win */
  t = h2t(s, sn, "text/html; charset=UTF-8");
  CHECK_STR(info.charset, "CP932");
  CHECK(has_line(t, "保護者56人分のメールアドレス"));
  free(s);
  /* EUC-JP with no declaration at all: guessed */
  char *nodecl = strdup(u);
  char *m = strstr(nodecl, "<meta");
  char *me = m ? strchr(m, '>') : NULL;
  if (m && me) memset(m, ' ', (size_t)(me - m + 1));
  for (char *c; (c = strstr(nodecl, "①")) || (c = strstr(nodecl, "②"));) memcpy(c, "(1)", 3);
  char *e = convert("EUC-JP", nodecl, strlen(nodecl), &sn);
  t = h2t(e, sn, NULL);
  CHECK_STR(info.charset, "EUC-JP-MS");
  CHECK(has_line(t, "保護者56人分のメールアドレス"));
  free(e);
  free(nodecl);
  free(u);
}

TEST(html_meta_charset_forms) {
  char name[40];
  const char *a = "<html><head><meta charset=\"euc-jp\"></head>";
  jk_html_charset(a, strlen(a), NULL, name, sizeof name, NULL);
  CHECK_STR(name, "EUC-JP-MS");
  const char *b = "<meta http-equiv=content-type content='text/html;charset=x-sjis'>\x82\xa0";
  jk_html_charset(b, strlen(b), NULL, name, sizeof name, NULL);
  CHECK_STR(name, "CP932");
  const char *c = "\xEF\xBB\xBF<p>BOM</p>";
  int bom = 0;
  jk_html_charset(c, strlen(c), "text/html; charset=Shift_JIS", name, sizeof name, &bom);
  CHECK_STR(name, "UTF-8");
  CHECK_INT(bom, 1);
  const char *d = "<?xml version=\"1.0\" encoding=\"EUC-JP\"?><html>\xa4\xa2</html>";
  jk_html_charset(d, strlen(d), NULL, name, sizeof name, NULL);
  CHECK_STR(name, "EUC-JP-MS");
}

TEST(html_lines_and_spaces) {
  const char *page =
      "<div><h2>見出し</h2>本文の<b>一部</b>です。<br><br><br><br>次の段落\n"
      "<dl><dt>件数</dt><dd>12件</dd></dl><pre>  整形済み\n  二行目</pre>"
      "<p>English words\nkeep a space</p><ul><li><p>段落入りの項目</p></li></ul></div>";
  const char *t = h2t(page, strlen(page), NULL);
  CHECK(has_line(t, "見出し"));
  CHECK(has_line(t, "本文の一部です。"));
  CHECK(strstr(t, "です。\n\n次の段落") != NULL); /* <br>s: at most one blank line */
  CHECK(has_line(t, "件数") && has_line(t, "12件"));
  CHECK(has_line(t, "  整形済み") && has_line(t, "  二行目"));
  CHECK(has_line(t, "English words keep a space"));
  CHECK(has_line(t, "・段落入りの項目"));
  CHECK(out.len > 0 && t[out.len - 1] == '\n');
}

TEST(html_title_when_no_heading) {
  const char *page = "<html><head><title>個人情報の漏えいについて 2024年1月5日</title></head>"
                     "<body><p>当社は…</p></body></html>";
  const char *t = h2t(page, strlen(page), NULL);
  CHECK(strncmp(t, "個人情報の漏えいについて 2024年1月5日\n\n当社は…", strlen("個人情報の漏えいについて 2024年1月5日\n\n当社は…")) == 0);
}

TEST(html_hostile_input) {
  /* empty */
  const char *t = h2t("", 0, "text/html");
  CHECK_INT(out.len, 0);
  CHECK(diags.n >= 1);
  /* binary garbage labelled text/html: no crash, a warning, valid UTF-8 out */
  char garbage[4096];
  unsigned x = 12345;
  for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (char)((x = x * 1103515245u + 12345u) >> 16);
  t = h2t(garbage, sizeof garbage, "text/html");
  CHECK(jk_utf8_valid_prefix(out.p ? out.p : "", out.len) == out.len);
  CHECK(diags.n >= 1);
  /* invalid UTF-8 in a UTF-8 page: replaced, the rest kept */
  const char bad[] = "<meta charset=utf-8><p>漏えい\xff\xfe件数 5件</p><p>\xe3\x81</p><p>続き</p>";
  t = h2t(bad, sizeof bad - 1, NULL);
  CHECK(strstr(t, "漏えい\xEF\xBF\xBD") != NULL);
  CHECK(has_line(t, "続き"));
  CHECK(jk_utf8_valid_prefix(out.p, out.len) == out.len);
  CHECK(diags.n >= 1 && strstr(diags.v[0].msg, "U+FFFD") != NULL);
  /* NUL bytes inside a page do not cut it short */
  const char nul[] = "<p>前半</p>\0\0<p>後半</p>";
  t = h2t(nul, sizeof nul - 1, NULL);
  CHECK(has_line(t, "前半") && has_line(t, "後半"));
  /* XSS polyglot: plain text out, no markup interpreted */
  size_t n;
  char *tmpl = fixture("xss-notice.html", &n);
  char *poly = jk_t_polyglot();
  CHECK(tmpl != NULL && poly != NULL);
  char *p = NULL;
  const char *at = tmpl ? strstr(tmpl, "@POLYGLOT@") : NULL;
  if (at && poly) {
    /* The fixture with the polyglot line of seeds/001 put in its place. */
    size_t pre = (size_t)(at - tmpl), pl = strlen(poly);
    n = n - strlen("@POLYGLOT@") + pl;
    p = malloc(n + 1);
    memcpy(p, tmpl, pre);
    memcpy(p + pre, poly, pl);
    strcpy(p + pre + pl, at + strlen("@POLYGLOT@"));
  }
  free(tmpl);
  free(poly);
  if (p) {
    t = h2t(p, n, NULL);
    CHECK(strstr(t, "jaVasCript:") != NULL); /* the polyglot is text */
    CHECK(has_line(t, "会員情報の流出に関するお詫び 2024年8月2日"));
    CHECK(has_line(t, "原因は公開設定の誤りによるものです。"));
    CHECK(strstr(t, "alert(document.cookie)") == NULL); /* script element dropped */
    CHECK(strstr(t, "onerror") == NULL);
    CHECK(strstr(t, "<sVg") == NULL && strstr(t, "<svg") == NULL);
    CHECK(strstr(t, "<script>alert(2)</script>") != NULL); /* escaped text stays text */
    free(p);
  }
}

TEST(html_deeply_nested_and_huge) {
  /* 200,000 nested elements: libxml2 stops at depth 256 and we say so;
     what came before is kept */
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "<p>浅い所の文</p>");
  for (int i = 0; i < 200000; i++) jk_buf_puts(&b, i % 2 ? "<div>" : "<span>");
  jk_buf_puts(&b, "奥底の文");
  const char *t = h2t(b.p, b.len, NULL);
  CHECK(has_line(t, "浅い所の文"));
  CHECK(diags.n >= 1 && strstr(diags.v[0].msg, "deeper than 256") != NULL);
  /* 250 levels: read to the bottom (the walk is iterative, no recursion) */
  jk_buf_reset(&b);
  for (int i = 0; i < 250; i++) jk_buf_puts(&b, "<div>");
  jk_buf_puts(&b, "奥底の文");
  t = h2t(b.p, b.len, NULL);
  CHECK(has_line(t, "奥底の文"));
  /* 24 MB page of paragraphs */
  jk_buf_reset(&b);
  jk_buf_puts(&b, "<html><body><main><h1>大きなページ</h1>");
  while (b.len < (24u << 20)) jk_buf_puts(&b, "<p>同じ段落が何度も続くとても長いページです。</p>\n");
  jk_buf_puts(&b, "<p>最後の段落</p></main></body></html>");
  t = h2t(b.p, b.len, NULL);
  CHECK(has_line(t, "大きなページ"));
  CHECK(has_line(t, "最後の段落"));
  /* over the limit: refused, not read */
  jk_buf big;
  jk_buf_init(&big);
  CHECK_INT(jk_html_to_text(b.p, (size_t)JK_HTML_MAX + 1, NULL, &big, NULL), JK_ETOOBIG);
  jk_buf_free(&big);
  jk_buf_free(&b);
}

/* ---- the site's name (jk_html_info.site) ------------------------------------ */

/* The site named by a page, and where it came from. */
static const char *site_of(const char *page) {
  h2t(page, strlen(page), NULL);
  return info.site;
}

TEST(html_site_from_each_source) {
  CHECK_STR(site_of("<html><head><meta property=\"og:site_name\" content=\"架空市\">"
                    "<title>個人情報の漏えいについて</title></head><body><p>本市は…</p></body></html>"),
            "架空市");
  CHECK_STR(info.site_from, "og:site_name");
  CHECK_STR(site_of("<html><head><meta name=\"application-name\" content=\" 株式会社サンプル \">"
                    "</head><body><p>当社は…</p></body></html>"),
            "株式会社サンプル");
  CHECK_STR(info.site_from, "application-name");
  /* the title's suffix, after each kind of separator */
  static const char *const titles[][2] = {
      {"個人情報の漏えいについて｜架空市", "架空市"},
      {"お知らせ - 株式会社サンプル", "株式会社サンプル"},
      {"メール誤送信のお詫び | 架空町役場", "架空町役場"},
      {"重要なお知らせ – 架空大学", "架空大学"},
      {"重要なお知らせ — 架空大学", "架空大学"},
      {"重要なお知らせ‐架空大学", "架空大学"},
      {"ニュースリリース：株式会社サンプル", "株式会社サンプル"},
      {"News : Sample Corporation", "Sample Corporation"},
      {"お知らせ・架空村", "架空村"},
      {"ページ｜お知らせ｜架空市公式ホームページ", "架空市"},          /* the last part, cleaned */
      {"架空市｜個人情報を含む書類の紛失について", "架空市"},          /* site first */
      {"株式会社サンプル - お知らせ", "株式会社サンプル"},             /* a section name last */
  };
  for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
    char page[512];
    snprintf(page, sizeof page, "<html><head><title>%s</title></head><body><p>本文</p></body></html>", titles[i][0]);
    const char *s = site_of(page);
    if (strcmp(s, titles[i][1]) != 0) fprintf(stderr, "  title %s -> \"%s\"\n", titles[i][0], s);
    CHECK_STR(s, titles[i][1]);
    CHECK_STR(info.site_from, "title");
  }
  /* a title without a separator is the page's, not the site's; a
     separator inside the notice's title names nothing */
  CHECK_STR(site_of("<title>架空市</title><p>本文</p>"), "");
  CHECK_STR(site_of("<title>個人情報の漏えい・紛失について</title><p>本文</p>"), "");
  CHECK_STR(site_of("<title>お知らせ｜ニュース</title><p>本文</p>"), "");
  CHECK_STR(info.site_from, "");
  /* the footer's copyright line: the footer is dropped from the text but read for the name */
  const char *t = h2t("<html><body><main><h1>お知らせ</h1><p>本市は…</p></main>"
                      "<footer><ul><li><a href=\"/\">サイトマップ</a></li></ul>"
                      "<p><small>&copy; 2024 架空市</small></p></footer></body></html>",
                      strlen("<html><body><main><h1>お知らせ</h1><p>本市は…</p></main>"
                             "<footer><ul><li><a href=\"/\">サイトマップ</a></li></ul>"
                             "<p><small>&copy; 2024 架空市</small></p></footer></body></html>"),
                      NULL);
  CHECK(strstr(t, "架空市") == NULL);
  CHECK_STR(info.site, "架空市");
  CHECK_STR(info.site_from, "copyright");
  static const char *const footers[][2] = {
      {"<footer><p>Copyright (C) 株式会社サンプル All Rights Reserved.</p></footer>", "株式会社サンプル"},
      {"<div id=\"footer\"><p class=\"copy\">Copyright&copy;2010-2024 Sample Co., Ltd. All rights reserved.</p></div>",
       "Sample Co., Ltd."},
      {"<div class=\"site-footer\">(C) 架空市役所</div>", "架空市役所"},                /* weak marker, in a footer */
      {"<footer><address>〒000-0000 架空県架空市1-1</address><p>© 架空市 〒000-0000 TEL 00-0000</p></footer>",
       "架空市"},
      {"<footer>Copyright © 2024 架空市 | プライバシーポリシー | サイトマップ</footer>", "架空市"},
      {"<footer><small>Copyright &copy; 架空町 <br>無断転載を禁じます</small></footer>", "架空町"},
      {"<footer><p>© ２０２４年 架空村</p></footer>", "架空村"},
  };
  for (size_t i = 0; i < sizeof footers / sizeof footers[0]; i++) {
    char page[512];
    snprintf(page, sizeof page, "<html><body><main><p>本文</p></main>%s</body></html>", footers[i][0]);
    const char *s = site_of(page);
    if (strcmp(s, footers[i][1]) != 0) fprintf(stderr, "  footer %s -> \"%s\"\n", footers[i][0], s);
    CHECK_STR(s, footers[i][1]);
  }
  /* "(c)" in the text of a notice is not a copyright line */
  CHECK_STR(site_of("<main><p>(a) 氏名 (b) 住所 (c) 電話番号</p></main>"), "");
}

TEST(html_site_precedence_and_cleaning) {
  const char *all = "<html><head><meta name=\"application-name\" content=\"アプリ名\">"
                    "<meta property=\"og:site_name\" content=\"架空市公式ホームページ\">"
                    "<title>お知らせ｜題名の市</title></head><body><main><p>本文</p></main>"
                    "<footer>© 2024 足元の市</footer></body></html>";
  CHECK_STR(site_of(all), "架空市");
  CHECK_STR(info.site_from, "og:site_name");
  /* each source that is missing or implausible gives way to the next */
  CHECK_STR(site_of("<meta property=\"og:site_name\" content=\"\"><meta name=\"application-name\" content=\"アプリ名\">"
                    "<title>お知らせ｜題名の市</title><footer>© 足元の市</footer>"),
            "アプリ名");
  CHECK_STR(site_of("<meta property=\"og:site_name\" content=\"https://www.example.invalid/\">"
                    "<meta name=\"application-name\" content=\"2024\"><title>お知らせ｜題名の市</title>"
                    "<footer>© 足元の市</footer>"),
            "題名の市");
  CHECK_STR(info.site_from, "title");
  CHECK_STR(site_of("<meta property=\"og:site_name\" content=\"www.example.invalid\">"
                    "<title>題名だけ</title><footer>© 足元の市</footer>"),
            "足元の市");
  CHECK_STR(info.site_from, "copyright");
  CHECK_STR(site_of("<meta name=\"og:site_name\" content=\"架空県\">"), "架空県"); /* name= as some sites write it */
  /* cleaning */
  static const char *const names[][2] = {
      {"架空市の公式ホームページ", "架空市"},
      {"株式会社サンプル 公式サイト", "株式会社サンプル"},
      {"サンプル オフィシャルサイト", "サンプル"},
      {"架空町ホームページ", "架空町"},
      {"Sample Inc. Official Site", "Sample Inc."},
      {"　架空村　", "架空村"},                  /* ideographic spaces */
      {"架空\xC2\xA0\xC2\xA0大学", "架空 大学"}, /* NBSP collapsed */
      {"｜架空市｜", "架空市"},
      {"ホーム", ""},
      {"News", ""},
      {"公式サイト", ""},
      {"個人情報の漏えいについて", ""},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char page[512];
    snprintf(page, sizeof page, "<meta property=\"og:site_name\" content=\"%s\"><p>本文</p>", names[i][0]);
    const char *s = site_of(page);
    if (strcmp(s, names[i][1]) != 0) fprintf(stderr, "  og:site_name %s -> \"%s\"\n", names[i][0], s);
    CHECK_STR(s, names[i][1]);
  }
  /* a feed's title */
  char feed[128];
  CHECK_INT(jk_site_from_feed_title("ミドリ技研 ニュースリリース", feed, sizeof feed), strlen("ミドリ技研"));
  CHECK_STR(feed, "ミドリ技研");
  jk_site_from_feed_title("新着情報｜架空市", feed, sizeof feed);
  CHECK_STR(feed, "架空市");
  jk_site_from_feed_title("架空市", feed, sizeof feed);
  CHECK_STR(feed, "架空市");
  CHECK_INT(jk_site_from_feed_title("新着情報", feed, sizeof feed), 0);
  CHECK_STR(feed, "");
  CHECK_INT(jk_site_from_feed_title("", feed, sizeof feed), 0);
  CHECK_INT(jk_site_from_feed_title(NULL, feed, sizeof feed), 0);
}

TEST(html_site_hostile) {
  /* 10 KB of og:site_name: not a name; the next source is used, no overflow */
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "<html><head><meta property=\"og:site_name\" content=\"");
  while (b.len < 10240) jk_buf_puts(&b, "架空市");
  jk_buf_puts(&b, "\"><title>お知らせ｜架空町</title></head><body><p>本文</p></body></html>");
  h2t(b.p, b.len, NULL);
  CHECK_STR(info.site, "架空町");
  CHECK(memchr(info.site, 0, sizeof info.site) != NULL);
  /* … and a 10 KB title: nothing, no overflow */
  jk_buf_reset(&b);
  jk_buf_puts(&b, "<title>お知らせ｜");
  while (b.len < 10240) jk_buf_puts(&b, "架");
  jk_buf_puts(&b, "</title><p>本文</p>");
  h2t(b.p, b.len, NULL);
  CHECK_STR(info.site, "");
  /* a name of 41 characters is too long; 40 fit */
  jk_buf_reset(&b);
  jk_buf_puts(&b, "<meta property=\"og:site_name\" content=\"");
  for (int i = 0; i < 40; i++) jk_buf_puts(&b, "架");
  jk_buf_puts(&b, "\">");
  h2t(b.p, b.len, NULL);
  CHECK_INT(strlen(info.site), 120);
  jk_buf_reset(&b);
  jk_buf_puts(&b, "<meta property=\"og:site_name\" content=\"");
  for (int i = 0; i < 41; i++) jk_buf_puts(&b, "架");
  jk_buf_puts(&b, "\">");
  h2t(b.p, b.len, NULL);
  CHECK_STR(info.site, "");
  jk_buf_free(&b);
  /* invalid UTF-8 in the name: the bytes become U+FFFD, and such a name is not taken */
  const char bad[] = "<meta charset=utf-8><meta property=\"og:site_name\" content=\"架空\xff\xfe市\">"
                     "<title>お知らせ｜架空町</title><p>本文</p>";
  h2t(bad, sizeof bad - 1, NULL);
  CHECK_STR(info.site, "架空町");
  CHECK(jk_utf8_valid_prefix(info.site, strlen(info.site)) == strlen(info.site));
  const char cut[] = "<meta charset=utf-8><meta property=\"og:site_name\" content=\"架空\xe5\xb8\xff\">";
  h2t(cut, sizeof cut - 1, NULL);
  CHECK_STR(info.site, "");
  /* markup in the name (escaped or not) is not a name */
  CHECK_STR(site_of("<meta property=\"og:site_name\" content=\"<script>alert(1)</script>架空市\">"
                    "<title>お知らせ｜架空町</title>"),
            "架空町");
  CHECK_STR(site_of("<meta property=\"og:site_name\" content=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"), "");
  CHECK_STR(site_of("<title>お知らせ｜<script>alert(1)</script></title>"), "");
  /* a copyright line written by a script is not read */
  CHECK_STR(site_of("<main><p>本文</p></main><footer><script>document.write('© 偽の市')</script></footer>"), "");
  /* entities are decoded */
  CHECK_STR(site_of("<meta property=\"og:site_name\" content=\"&#x67B6;&#x7A7A;&#24066;\">"), "架空市");
  CHECK_STR(site_of("<meta property=\"og:site_name\" content=\"Sample &amp; Partners\">"), "Sample & Partners");
  CHECK_STR(site_of("<title>お知らせ&nbsp;&#xFF5C;&nbsp;架空市</title>"), "架空市");
  /* control characters never reach the name */
  site_of("<meta property=\"og:site_name\" content=\"架空\x01市\x1b[31m\">");
  for (const char *c = info.site; *c; c++) CHECK((unsigned char)*c >= 0x20 && *c != 0x7F);
  site_of("<meta property=\"og:site_name\" content=\"架空&#1;市&#x7f;\">");
  for (const char *c = info.site; *c; c++) CHECK((unsigned char)*c >= 0x20 && *c != 0x7F);
  /* nothing at all */
  CHECK_STR(site_of("<p>本文だけ</p>"), "");
  CHECK_STR(info.site_from, "");
  h2t("", 0, NULL);
  CHECK_STR(info.site, "");
}

/* ---- kinds ------------------------------------------------------------------ */

TEST(doctype_detection) {
  CHECK_INT(jk_doc_kind_detect("%PDF-1.5\n", 9, "application/octet-stream", "x"), JK_KIND_PDF);
  CHECK_INT(jk_doc_kind_detect("<!DOCTYPE html><p>", 18, "text/plain", NULL), JK_KIND_HTML);
  const char *atom = "<?xml version='1.0'?>\n<!-- c -->\n<feed xmlns='http://www.w3.org/2005/Atom'>";
  CHECK_INT(jk_doc_kind_detect(atom, strlen(atom), "text/xml", NULL), JK_KIND_FEED);
  CHECK_INT(jk_doc_kind_detect("<rss version='2.0'>", 19, NULL, NULL), JK_KIND_FEED);
  CHECK_INT(jk_doc_kind_detect("<div>fragment</div>", 19, NULL, "saved.htm"), JK_KIND_HTML);
  CHECK_INT(jk_doc_kind_detect("<div>fragment</div>", 19, "text/html; charset=utf-8", NULL), JK_KIND_HTML);
  CHECK_INT(jk_doc_kind_detect("お知らせ", strlen("お知らせ"), NULL, "notice.txt"), JK_KIND_TEXT);
  CHECK_INT(jk_doc_kind_detect("plain", 5, NULL, "https://x.example/a.pdf?x=1"), JK_KIND_PDF);
  CHECK_INT(jk_doc_kind_detect("\x89PNG\r\n\x1a\n\0\0", 10, NULL, NULL), JK_KIND_IMAGE);
  CHECK_STR(jk_doc_kind_name(JK_KIND_FEED), "feed");
}

/* ---- feeds ------------------------------------------------------------------- */

typedef struct seen {
  int n, summary, html;
  char ids[8][128];
  char links[8][256];
  char first_text[2048];
  int max_index;
} seen;

static int on_entry(void *ctx, const jk_feed_entry *e) {
  seen *s = ctx;
  if (s->n < 8) {
    snprintf(s->ids[s->n], sizeof s->ids[0], "%s", e->id);
    snprintf(s->links[s->n], sizeof s->links[0], "%s", e->link);
  }
  if (s->n == 0) snprintf(s->first_text, sizeof s->first_text, "%s", e->text);
  s->summary += e->summary_only;
  s->html += e->content_is_html;
  s->max_index = e->index;
  s->n++;
  return 0;
}

TEST(feed_atom_blogger) {
  size_t n;
  char *p = fixture("atom-2.xml", &n);
  if (!p) { CHECK(0); return; }
  seen s;
  memset(&s, 0, sizeof s);
  jk_feed_info fi;
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {0, ""};
  CHECK_INT(jk_feed_parse(p, n, on_entry, &s, &fi, &d, &err), JK_OK);
  CHECK_STR(fi.format, "atom");
  CHECK_STR(fi.title, "架空セキュリティ事件簿ブログ");
  CHECK_INT(s.n, 4);       /* the entry with neither id nor link is skipped … */
  CHECK_INT(fi.skipped, 1);
  CHECK_INT(d.n, 1);       /* … with a warning */
  CHECK_STR(s.ids[0], "tag:blogger.com,1999:blog-1111.post-2004");
  CHECK_STR(s.links[0], "http://blog.example.invalid/2024/07/2024-202.html"); /* alternate, not replies */
  CHECK(strncmp(s.first_text, "【セキュリティ事件簿#2024-202】", strlen("【セキュリティ事件簿#2024-202】")) == 0);
  CHECK(strstr(s.first_text, "\n学校法人ヒバリ学園は、") != NULL);  /* HTML content as text */
  CHECK(strstr(s.first_text, "<p>") == NULL);
  CHECK_INT(s.summary, 1); /* the <summary>-only entry */
  jk_diags_free(&d);
  free(p);
}

TEST(feed_rss2_teaser_and_full) {
  size_t n;
  char *p = fixture("rss-2.xml", &n);
  if (!p) { CHECK(0); return; }
  seen s;
  memset(&s, 0, sizeof s);
  jk_feed_info fi;
  jk_err err = {0, ""};
  CHECK_INT(jk_feed_parse(p, n, on_entry, &s, &fi, NULL, &err), JK_OK);
  CHECK_STR(fi.format, "rss2");
  CHECK_INT(s.n, 4);
  CHECK_STR(s.ids[1], "press-2024-031");
  CHECK_INT(s.summary, 2); /* two teasers ending in … or short; the long one and content:encoded are whole */
  free(p);
}

TEST(feed_rss1_and_not_a_feed) {
  const char *rdf =
      "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
      "xmlns='http://purl.org/rss/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
      "<channel rdf:about='http://x.invalid/'><title>市のお知らせ</title></channel>"
      "<item rdf:about='http://x.invalid/a.html'><title>誤送信について</title><link>http://x.invalid/a.html</link>"
      "<dc:date>2024-04-01T10:00:00+09:00</dc:date><description>短い</description></item></rdf:RDF>";
  seen s;
  memset(&s, 0, sizeof s);
  jk_feed_info fi;
  jk_err err = {0, ""};
  CHECK_INT(jk_feed_parse(rdf, strlen(rdf), on_entry, &s, &fi, NULL, &err), JK_OK);
  CHECK_STR(fi.format, "rss1");
  CHECK_STR(fi.title, "市のお知らせ");
  CHECK_INT(s.n, 1);
  CHECK_STR(s.ids[0], "http://x.invalid/a.html");
  CHECK_INT(s.summary, 1);
  CHECK_INT(jk_feed_parse("<html><body>x</body></html>", 27, on_entry, &s, &fi, NULL, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "<html>") != NULL);
  CHECK_INT(jk_feed_parse("\x01\x02garbage", 9, on_entry, &s, &fi, NULL, &err), JK_EINVAL);
  CHECK_INT(jk_feed_parse("", 0, on_entry, &s, &fi, NULL, &err), JK_EINVAL);
}

TEST(feed_hostile) {
  /* entity expansion is never done: a billion laughs costs nothing */
  const char *lol =
      "<?xml version='1.0'?><!DOCTYPE feed [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
      "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>"
      "<!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'><!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'>]>"
      "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>x</id><title>&f;&f;&f;</title>"
      "<content type='html'>&lt;p&gt;本文&lt;/p&gt;</content></entry></feed>";
  seen s;
  memset(&s, 0, sizeof s);
  jk_err err = {0, ""};
  CHECK_INT(jk_feed_parse(lol, strlen(lol), on_entry, &s, NULL, NULL, &err), JK_OK);
  CHECK_INT(s.n, 1);
  CHECK(strlen(s.first_text) < 100);
  /* 10,000 entries */
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "<feed xmlns='http://www.w3.org/2005/Atom'><title>多い</title>");
  for (int i = 0; i < 10000; i++)
    jk_buf_printf(&b, "<entry><id>e%d</id><link href='http://x.invalid/%d'/><title>記事%d</title>"
                      "<content type='html'>&lt;p&gt;本文%d&lt;/p&gt;</content></entry>", i, i, i, i);
  jk_buf_puts(&b, "</feed>");
  memset(&s, 0, sizeof s);
  jk_feed_info fi;
  CHECK_INT(jk_feed_parse(b.p, b.len, on_entry, &s, &fi, NULL, &err), JK_OK);
  CHECK_INT(s.n, 10000);
  CHECK_INT(s.max_index, 9999);
  /* a broken tail: what came before is still read */
  b.len -= 3000;
  memset(&s, 0, sizeof s);
  jk_diags d;
  jk_diags_init(&d);
  CHECK_INT(jk_feed_parse(b.p, b.len, on_entry, &s, &fi, &d, &err), JK_OK);
  CHECK(s.n > 9900);
  CHECK(d.n >= 1);
  jk_diags_free(&d);
  jk_buf_free(&b);
}

/* ---- fetch state ---------------------------------------------------------------- */

TEST(fetchstate_roundtrip) {
  sqlite3 *db;
  CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
  jk_err err = {0, ""};
  CHECK_INT(jk_fetchstate_init(db, &err), JK_OK);
  CHECK_INT(jk_fetchstate_init(db, &err), JK_OK); /* again: a no-op */
  jk_web_resource r;
  CHECK_INT(jk_fetchstate_get(db, "http://a.invalid/", &r, &err), JK_ENOTFOUND);
  jk_fetch_result res;
  memset(&res, 0, sizeof res);
  res.status = 200;
  res.etag = "\"abc\"";
  res.last_modified = "Wed, 01 May 2024 00:00:00 GMT";
  res.final_url = "http://a.invalid/final";
  snprintf(res.fetched_at, sizeof res.fetched_at, "2024-05-01T00:00:00Z");
  CHECK_INT(jk_fetchstate_put(db, "http://a.invalid/", &res, "00ff", 7, &err), JK_OK);
  /* a 304 later keeps the validators, hash and document */
  jk_fetch_result nm;
  memset(&nm, 0, sizeof nm);
  nm.status = 304;
  nm.not_modified = 1;
  snprintf(nm.fetched_at, sizeof nm.fetched_at, "2024-05-02T00:00:00Z");
  CHECK_INT(jk_fetchstate_put(db, "http://a.invalid/", &nm, NULL, 0, &err), JK_OK);
  CHECK_INT(jk_fetchstate_get(db, "http://a.invalid/", &r, &err), JK_OK);
  CHECK_STR(r.etag, "\"abc\"");
  CHECK_STR(r.sha256, "00ff");
  CHECK_INT(r.doc_id, 7);
  CHECK_STR(r.fetched_at, "2024-05-02T00:00:00Z");

  int seen_it = -1;
  CHECK_INT(jk_feedstate_seen(db, "F", "e1", &seen_it, &err), JK_OK);
  CHECK_INT(seen_it, 0);
  CHECK_INT(jk_feedstate_mark(db, "F", "e1", 3, &err), JK_OK);
  CHECK_INT(jk_feedstate_mark(db, "F", "e1", 3, &err), JK_OK);
  CHECK_INT(jk_feedstate_seen(db, "F", "e1", &seen_it, &err), JK_OK);
  CHECK_INT(seen_it, 1);
  CHECK_INT(jk_feedstate_seen(db, "G", "e1", &seen_it, &err), JK_OK);
  CHECK_INT(seen_it, 0);
  CHECK_INT(jk_feedstate_round(db, "F", NULL, 2, &err), JK_OK);
  CHECK_INT(jk_feedstate_round(db, "F", "HTTP 503", 0, &err), JK_OK);
  jk_feed_state fs;
  CHECK_INT(jk_feedstate_get(db, "F", &fs, &err), JK_OK);
  CHECK_INT(fs.rounds, 2);
  CHECK_INT(fs.entries, 2);
  CHECK_STR(fs.last_error, "HTTP 503");
  CHECK(fs.last_ok[0] != 0);
  sqlite3_close(db);
}

TEST(url_helpers) {
  CHECK(jk_url_is_http("https://example.invalid/a"));
  CHECK(jk_url_is_http("HTTP://example.invalid/"));
  CHECK(!jk_url_is_http("ftp://example.invalid/"));
  CHECK(!jk_url_is_http("notice.html"));
  char *u = jk_url_resolve("https://blog.example.invalid/feeds/posts/default", "/2024/07/a.html");
  CHECK_STR(u, "https://blog.example.invalid/2024/07/a.html");
  free(u);
  u = jk_url_resolve("http://x.invalid/news/rss.xml", "item%2012.html");
  CHECK_STR(u, "http://x.invalid/news/item%2012.html");
  free(u);
  u = jk_url_resolve(NULL, "https://x.invalid/a");
  CHECK_STR(u, "https://x.invalid/a");
  free(u);
  CHECK(jk_url_resolve("not a url", "a.html") == NULL);
  char now[32];
  jk_utc_now(now, sizeof now);
  CHECK_INT(strlen(now), 20);
  CHECK(now[10] == 'T' && now[19] == 'Z');
}
