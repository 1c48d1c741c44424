/* lang/arena.c — bump allocator (see arena.h).
 * In: sizes.  Out: zeroed memory owned by the arena.  Never frees piecemeal.
 */
#include "arena.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

static arena_block *block_new(size_t cap, arena_block *next) {
    arena_block *b = malloc(sizeof *b + cap);
    if (!b) {
        fprintf(stderr, "bmodel: out of memory\n");
        exit(3);
    }
    b->next = next;
    b->used = 0;
    b->cap = cap;
    return b;
}

void *arena_alloc(arena *a, size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (!a->head || a->head->used + size > a->head->cap) {
        size_t cap = size > 65536 ? size : 65536;
        a->head = block_new(cap, a->head);
    }
    void *p = a->head->data + a->head->used;
    a->head->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s) {
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_free(arena *a) {
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

void ptr_vec_push(arena *a, ptr_vec *v, void *item) {
    if (v->n == v->cap) {
        int cap = v->cap ? 2 * v->cap : 4;
        void **items = arena_alloc(a, (size_t)cap * sizeof *items);
        if (v->n) memcpy(items, v->items, (size_t)v->n * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n++] = item;
}
