/*
** test_unwrap.c — joining lines broken at a page margin (unwrap.c): which
** lines are joined, which are left, and the offset map back to the text.
*/
#include "harness.h"
#include "jikenbo.h"
#include "jk_int.h"

typedef struct {
  jk_arena *a;
  char *out;
  size_t len, joined;
  uint32_t *map;
} unwrapped;

static unwrapped run(const char *t) {
  unwrapped u = {jk_arena_new(), NULL, 0, 0, NULL};
  CHECK(u.a != NULL);
  u.joined = jk_unwrap(t, strlen(t), u.a, &u.out, &u.len, &u.map);
  return u;
}

/* Every output byte comes from the text, in order, and is the same byte
   (or a space standing for a line break). */
static void check_map(const char *t, const unwrapped *u) {
  CHECK_INT(u->map[u->len], strlen(t));
  for (size_t i = 0; i < u->len; i++) {
    CHECK(u->map[i] < strlen(t));
    if (i) CHECK(u->map[i] > u->map[i - 1]);
    char c = t[u->map[i]];
    CHECK(u->out[i] == c || (c == '\n' && u->out[i] == ' '));
  }
}

/* Fictional, 36 full-width characters to the line. */
static const char pdf_text[] =
    "架空市立病院における患者情報を含む書類の紛失について\n"
    "令和13年6月2日\n"
    "当院の外来受付において、患者さんの氏名、生年月日及び診療科を記載した受付\n"
    "票の控えを紛失する事案が発生しました。患者さん及びご家族の皆様に多大なる\n"
    "ご迷惑とご心配をおかけしますことを、心よりお詫び申し上げます。\n"
    "1 経緯\n"
    "令和13年5月28日、受付票の控えを保管するファイルが所定の棚にないことに気\n"
    "付き、院内を捜索しましたが、現在まで発見に至っておりません。対象となる\n"
    "患者さんは個人情報保護委員会への報告の対象となる123名です。\n"
    "2 再発防止策\n"
    "・受付票の控えは、毎日の業務終了時に責任者が枚数を確認し、施錠できる書\n"
    "・棚に保管します。\n"
    "・Privacy training for all staff will be held every year starting in June\n"
    "2031.\n";

TEST(lines_at_the_margin_are_joined) {
  unwrapped u = run(pdf_text);
  CHECK(u.joined >= 4);
  CHECK(u.out != NULL);
  if (!u.out) return;
  check_map(pdf_text, &u);
  /* Words cut by the margin read whole again. */
  CHECK(jk_has(u.out, u.len, "受付票の控え"));
  CHECK(jk_has(u.out, u.len, "気付き"));
  CHECK(jk_has(u.out, u.len, "対象となる患者さん"));
  /* Short lines and headings keep their breaks. */
  CHECK(jk_has(u.out, u.len, "について\n令和13年6月2日\n"));
  CHECK(jk_has(u.out, u.len, "申し上げます。\n1 経緯\n"));
  /* A list item is not joined onto the one before it. */
  CHECK(jk_has(u.out, u.len, "できる書\n・棚"));
  /* An English word at the margin is not glued to the next one. */
  CHECK(jk_has(u.out, u.len, "June 2031."));
  jk_arena_free(u.a);
}

TEST(paragraph_lines_are_left_alone) {
  /* Web text: a line is a paragraph, of any width. */
  static const char web[] =
      "架空商事株式会社 メール誤送信のお詫び\n"
      "このたび、当社の従業員がお客様へメールを送信する際に宛先を誤りました。\n"
      "誤って送信したメールには、お客様12名の氏名とメールアドレスが含まれていました。受信者には削除を依頼しました。\n"
      "今後は送信前の確認を徹底いたします\n"
      "当社は、お客様の個人情報を適切に管理するため、全従業員を対象とした研修を実施いたします\n"
      "お問い合わせ窓口 架空商事株式会社 お客様相談室 電話 0120-000-000 受付時間 平日9時から17時まで\n"
      "本件によりご迷惑をおかけしましたことを深くお詫び申し上げます\n";
  unwrapped u = run(web);
  CHECK_INT(u.joined, 0);
  CHECK(u.out == NULL);
  jk_arena_free(u.a);
  /* Too short to tell, and nothing at all. */
  u = run("一行だけ\n");
  CHECK_INT(u.joined, 0);
  jk_arena_free(u.a);
  u = run("");
  CHECK_INT(u.joined, 0);
  jk_arena_free(u.a);
}

TEST(ragged_lines_of_one_width_without_a_margin) {
  /* Lines ending in a sentence end are never joined, however wide. */
  static const char t[] =
      "お知らせ\n"
      "架空町では、町民の皆様の個人情報の取扱いについて点検を行いました。\n"
      "架空町では、町民の皆様の個人情報の取扱いについて点検を行いました。\n"
      "架空町では、町民の皆様の個人情報の取扱いについて点検を行いました。\n"
      "架空町では、町民の皆様の個人情報の取扱いについて点検を行いました。\n"
      "架空町では、町民の皆様の個人情報の取扱いについて点検を行いました。\n";
  unwrapped u = run(t);
  CHECK_INT(u.joined, 0);
  jk_arena_free(u.a);
}

TEST(texts_over_a_mebibyte_are_left_alone) {
  /* 1 MiB and more of lines at one margin: the map would cost 4 MiB a
     MiB, and no notice is that long. */
  size_t line = 71, n = (1u << 20) + 1000;
  char *t = malloc(n + 1);
  CHECK(t != NULL);
  if (!t) return;
  for (size_t i = 0; i < n; i++) t[i] = (i % (line + 1) == line) ? '\n' : 'a';
  t[n] = 0;
  unwrapped u = run(t);
  CHECK_INT(u.joined, 0);
  jk_arena_free(u.a);
  /* The same lines, fewer of them: joined. */
  t[20 * (line + 1)] = 0;
  u = run(t);
  CHECK(u.joined > 0);
  jk_arena_free(u.a);
  free(t);
}
