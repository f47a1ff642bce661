/*
** morph.c — Japanese words and proper-noun classes, from MeCab + IPAdic.
**
** The extractors mostly need characters and phrases, but deciding who
** issued a notice needs words: where a name ends (架空市 | 長), whether
** what follows an office title is a person (学長 田中 一郎), whether a
** run of kanji is a place (北九州 | 市).  MeCab with the IPA dictionary
** answers that: its proper-noun classes 人名 (姓, 名), 組織 and 地域 come
** from the dictionary's own lists (Noun.name.csv, Noun.org.csv,
** Noun.place.csv), so those lists are the gazetteer and none is written
** here.
**
** One model and one tagger for the process (MeCab's model and a tagger
** made from it may be shared between threads when each thread parses into
** its own lattice); the lattice is per thread, freed when the thread ends.
** When the dictionary is missing, jk_morph_available() is false and the
** callers fall back on characters alone: extraction still works, less
** well, and never fails for it.
*/
#include "jk_int.h"

#include <mecab.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static mecab_model_t *model;
static mecab_t *tagger;
static pthread_key_t lattice_key;

static void free_lattice(void *l) {
  if (l) mecab_lattice_destroy(l);
}

static void load(void) {
  /* The system's mecabrc names the dictionary (Debian: ipadic-utf8); an
     explicit path is the fallback for a machine without the rc file. */
  const char *args[] = {"", "-d /var/lib/mecab/dic/ipadic-utf8"};
  for (size_t i = 0; i < 2 && !model; i++) model = mecab_model_new2(args[i]);
  if (!model) return;
  tagger = mecab_model_new_tagger(model);
  if (!tagger || pthread_key_create(&lattice_key, free_lattice) != 0) {
    if (tagger) mecab_destroy(tagger);
    mecab_model_destroy(model);
    model = NULL;
    tagger = NULL;
  }
}

/* Freed at exit so leak checkers see a clean process. */
__attribute__((destructor)) static void unload(void) {
  if (!model) return;
  free_lattice(pthread_getspecific(lattice_key));
  pthread_setspecific(lattice_key, NULL);
  mecab_destroy(tagger);
  mecab_model_destroy(model);
  model = NULL;
}

bool jk_morph_available(void) {
  pthread_once(&once, load);
  return model != NULL;
}

/* The word class of a node from its IPAdic feature string. */
static uint8_t classify(const char *f) {
  if (strncmp(f, "名詞,固有名詞,人名,姓", strlen("名詞,固有名詞,人名,姓")) == 0) return JK_MW_SURNAME;
  if (strncmp(f, "名詞,固有名詞,人名,名", strlen("名詞,固有名詞,人名,名")) == 0) return JK_MW_GIVEN;
  if (strncmp(f, "名詞,固有名詞,人名", strlen("名詞,固有名詞,人名")) == 0) return JK_MW_PERSON;
  if (strncmp(f, "名詞,固有名詞,組織", strlen("名詞,固有名詞,組織")) == 0) return JK_MW_ORG;
  if (strncmp(f, "名詞,固有名詞,地域", strlen("名詞,固有名詞,地域")) == 0) return JK_MW_PLACE;
  if (strncmp(f, "名詞,固有名詞", strlen("名詞,固有名詞")) == 0) return JK_MW_PROPER;
  if (strncmp(f, "名詞,接尾,地域", strlen("名詞,接尾,地域")) == 0) return JK_MW_PLACE_SUFFIX;
  if (strncmp(f, "名詞,接尾,人名", strlen("名詞,接尾,人名")) == 0) return JK_MW_PERSON_SUFFIX;
  if (strncmp(f, "名詞,接尾", strlen("名詞,接尾")) == 0) return JK_MW_SUFFIX;
  if (strncmp(f, "名詞", strlen("名詞")) == 0) return JK_MW_NOUN;
  if (strncmp(f, "助詞", strlen("助詞")) == 0) return JK_MW_PARTICLE;
  if (strncmp(f, "記号", strlen("記号")) == 0) return JK_MW_SYMBOL;
  return JK_MW_OTHER;
}

size_t jk_morph_parse(const char *p, size_t n, jk_morph_tok *out, size_t max) {
  if (n == 0 || max == 0 || !jk_morph_available()) return 0;
  mecab_lattice_t *l = pthread_getspecific(lattice_key);
  if (!l) {
    l = mecab_model_new_lattice(model);
    if (!l) return 0;
    if (pthread_setspecific(lattice_key, l) != 0) {
      mecab_lattice_destroy(l);
      return 0;
    }
  }
  mecab_lattice_set_sentence2(l, p, n);
  if (!mecab_parse_lattice(tagger, l)) {
    mecab_lattice_clear(l);
    return 0;
  }
  size_t k = 0;
  for (const mecab_node_t *nd = mecab_lattice_get_bos_node(l); nd && k < max; nd = nd->next) {
    if (nd->stat == MECAB_BOS_NODE || nd->stat == MECAB_EOS_NODE) continue;
    if (nd->surface < p || nd->surface + nd->length > p + n) continue;
    out[k].off = (uint32_t)(nd->surface - p);
    out[k].len = nd->length;
    out[k].cls = classify(nd->feature ? nd->feature : "");
    out[k].unknown = nd->stat == MECAB_UNK_NODE;
    k++;
  }
  mecab_lattice_clear(l);
  return k;
}
