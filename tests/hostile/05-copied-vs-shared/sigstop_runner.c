/*
 * Hostile: freezes the run instead of killing it. With raw system calls
 * it sends SIGSTOP to the runner (getppid()) and to
 * process 1 of the sandbox (bwrap), then forks a child that stops itself
 * the same way, and returns. A stopped runner never reports and never
 * exits, and SIGSTOP cannot be blocked or caught: only a watchdog that
 * SIGKILLs the whole run ends it.
 * Every system call here goes through the C library's own syscall(),
 * found by walking the loader's link map by hand (no <elf.h>): the
 * object names no symbol for it and has no assembly.
 * expect: no points
 */
#include "sharing.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* ELF64 as the C library lays it out, written out by hand (no <elf.h>). */
typedef struct {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} elf_header;
typedef struct {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
} program_header;
typedef struct {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
} section_header;
typedef struct {
    uint32_t name;
    unsigned char info, other;
    uint16_t shndx;
    uint64_t value, size;
} elf_symbol;
typedef struct {
    int64_t tag;
    uint64_t value;
} dynamic_entry;
/* The loader's list of loaded objects (glibc's struct link_map, public part). */
struct loaded {
    uint64_t base;
    const char *name;
    const dynamic_entry *dynamic;
    struct loaded *next, *prev;
};
struct loader_debug {
    int version;
    struct loaded *map;
};

static int same_text(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int has_text(const char *text, const char *word)
{
    for (; text && *text; text++) {
        int i = 0;
        while (word[i] && text[i] == word[i])
            i++;
        if (!word[i])
            return 1;
    }
    return 0;
}

/* The executable's first page: walk back from this code. */
static const unsigned char *executable_image(void)
{
    uintptr_t page = (uintptr_t)&executable_image & ~(uintptr_t)4095;
    for (;;) {
        const unsigned char *p = (const unsigned char *)page;
        if (p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F')
            return p;
        page -= 4096;
    }
}

/* The loader's r_debug, from DT_DEBUG in the executable's dynamic section. */
static struct loaded *loaded_objects(void)
{
    const unsigned char *image = executable_image();
    const elf_header *eh = (const elf_header *)image;
    const program_header *ph = (const program_header *)(image + eh->phoff);
    uintptr_t bias = (uintptr_t)image;
    for (int i = 0; i < eh->phnum; i++)
        if (ph[i].type == 1 /* PT_LOAD */ && ph[i].offset == 0)
            bias = (uintptr_t)image - ph[i].vaddr;
    for (int i = 0; i < eh->phnum; i++) {
        if (ph[i].type != 2 /* PT_DYNAMIC */)
            continue;
        for (const dynamic_entry *d = (const dynamic_entry *)(bias + ph[i].vaddr); d->tag; d++)
            if (d->tag == 21 /* DT_DEBUG */ && d->value)
                return ((struct loader_debug *)d->value)->map;
    }
    return 0;
}

/* A function of a loaded library, by name, from its .dynsym. */
static void *library_function(const char *library, const char *name)
{
    for (struct loaded *lm = loaded_objects(); lm; lm = lm->next) {
        if (!has_text(lm->name, library))
            continue;
        const elf_symbol *symbols = 0;
        const char *strings = 0;
        for (const dynamic_entry *d = lm->dynamic; d->tag; d++) {
            uint64_t v = d->value < lm->base ? d->value + lm->base : d->value;
            if (d->tag == 6 /* DT_SYMTAB */)
                symbols = (const elf_symbol *)v;
            if (d->tag == 5 /* DT_STRTAB */)
                strings = (const char *)v;
        }
        if (!symbols || !strings)
            continue;
        /* .dynstr follows .dynsym. */
        for (const elf_symbol *s = symbols + 1; (const char *)s < strings; s++)
            if (s->value && (s->info & 15) == 2 /* STT_FUNC */ &&
                same_text(strings + s->name, name))
                return (void *)(lm->base + s->value);
    }
    return 0;
}

/* Every system call goes through the C library's own syscall(), found in
 * its .dynsym above: no symbol of it in the object, no inline assembly. */
static long hidden_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    static long (*sys)(long, ...);
    if (!sys)
        sys = (long (*)(long, ...))library_function("libc.so", "syscall");
    return sys ? sys(n, a, b, c, d, e, f) : -1;
}

static long hidden_syscall(long n, long a, long b, long c)
{
    return hidden_syscall6(n, a, b, c, 0, 0, 0);
}

static void attack(void)
{
    long parent = getppid();
    if (fork() == 0) {
        hidden_syscall(62, hidden_syscall(39, 0, 0, 0), 19, 0);   /* kill(self, SIGSTOP) */
        _exit(0);
    }
    hidden_syscall(62, 1, 19, 0);        /* kill(1, SIGSTOP) */
    hidden_syscall(62, parent, 19, 0);   /* kill(runner, SIGSTOP) */
}
#define ATTACK attack

int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    (void)in, (void)squares, (void)cubes, (void)n, (void)workers;
    ATTACK();
    return 0;
}

void running_counts(long start, long n, int threads, long *out)
{
    (void)start, (void)n, (void)threads, (void)out;
    ATTACK();
}

long map_keep_last(task_fn f, const long *in, long *out, long n, int threads)
{
    (void)f, (void)in, (void)out, (void)n, (void)threads;
    ATTACK();
    return 0;
}
