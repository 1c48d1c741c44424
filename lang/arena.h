/* lang/arena.h — bump allocator for AST and IR nodes.
 *
 * In:  requests for zeroed memory.  Out: pointers valid until arena_free().
 * Every AST/IR node of one model lives in one arena that is freed once.
 * Never: individual frees; failure is reported by a message and exit(3)
 * (out of memory is not a user error we can recover from).
 */
#ifndef BM_ARENA_H
#define BM_ARENA_H
#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct {
    arena_block *head;
} arena;

void *arena_alloc(arena *a, size_t size);          /* zeroed, 16-byte aligned */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void arena_free(arena *a);

/* A growable array of pointers whose storage lives in an arena. */
typedef struct {
    void **items;
    int n, cap;
} ptr_vec;

void ptr_vec_push(arena *a, ptr_vec *v, void *item);

#endif
