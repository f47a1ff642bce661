/*
** arena.c — bump allocator freed all at once.
**
** A record owns one arena: its strings, item lists and text copy all live
** there, so jk_record_free() is one call and nothing leaks on error paths.
*/
#include "jikenbo.h"

#include <stdlib.h>
#include <string.h>

typedef struct chunk {
  struct chunk *next;
  size_t used, cap;
  max_align_t data[]; /* aligned storage follows */
} chunk;

struct jk_arena {
  chunk *head;
};

jk_arena *jk_arena_new(void) { return calloc(1, sizeof(jk_arena)); }

void jk_arena_free(jk_arena *a) {
  if (!a) return;
  chunk *c = a->head;
  while (c) {
    chunk *n = c->next;
    free(c);
    c = n;
  }
  free(a);
}

void *jk_arena_alloc(jk_arena *a, size_t n) {
  const size_t align = sizeof(max_align_t);
  if (n > SIZE_MAX - align) return NULL;
  n = (n + align - 1) / align * align;
  if (n == 0) n = align;
  chunk *c = a->head;
  if (!c || c->cap - c->used < n) {
    size_t cap = n > 16384 ? n : 16384;
    c = malloc(sizeof(chunk) + cap);
    if (!c) return NULL;
    c->used = 0;
    c->cap = cap;
    c->next = a->head;
    a->head = c;
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *jk_arena_strndup(jk_arena *a, const char *s, size_t n) {
  char *p = jk_arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *jk_arena_strdup(jk_arena *a, const char *s) {
  return jk_arena_strndup(a, s, strlen(s));
}
