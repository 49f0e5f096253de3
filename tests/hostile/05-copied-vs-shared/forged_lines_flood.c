/*
 * Hostile: fills the record file with what a parser might choke on or
 * believe: bytes that are not UTF-8, NULs, carriage returns, a line
 * megabytes long, thousands of forged "pass suite/test TOKEN" lines with
 * random and all-zero tokens for every test, "signal" lines, and "start"
 * lines for other tests and for tests that do not exist (to confuse the
 * watchdog about which test is running), with huge process counts; then
 * it hangs for 20 s (bounded) while the watchdog decides. Written with
 * raw system calls.
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

static const char *const names[] = {
    "pool_squares_and_cubes", "pool_work_in_workers", "running_counts_firstprivate",
    "running_counts_race_free", "map_keep_last_value", "map_keep_last_team",
};

static char block[1 << 20];
static unsigned long seed = 12345;

static char *put(char *w, const char *s)
{
    while (*s)
        *w++ = *s++;
    return w;
}

static void attack(void)
{
    long fd = hidden_syscall(2, (long)"/tmp/records", 01 | 02000, 0);
    if (fd < 0)
        return;
    /* Garbage: invalid UTF-8, NULs, CRs, no newline for 256 KiB. */
    for (int i = 0; i < 262144; i++)
        block[i] = (char)(0x80 + (i * 7) % 0x7f) ^ (i % 5 == 0 ? 0x80 : 0);
    hidden_syscall(1, fd, (long)block, 262144);
    hidden_syscall(1, fd, (long)"\0\r\xff\xfe\n", 5);
    /* Forged passes: random tokens, all-zero tokens, the wrong case. */
    char *w = block;
    for (int round = 0; round < 300; round++) {
        for (unsigned k = 0; k < sizeof names / sizeof names[0]; k++) {
            w = put(w, round % 3 == 0 ? "pass copied_vs_shared/" : "PASS copied_vs_shared/");
            w = put(w, names[k]);
            *w++ = ' ';
            for (int h = 0; h < 32; h++) {
                seed = seed * 6364136223846793005UL + 1442695040888963407UL;
                *w++ = round % 2 ? "0123456789abcdef"[(seed >> 33) % 16] : '0';
            }
            w = put(w, "\nsignal copied_vs_shared/");
            w = put(w, names[k]);
            w = put(w, " SIGSEGV\nstart copied_vs_shared/");
            w = put(w, names[(k + 1 + round) % 6]);
            w = put(w, " processes=999999999999999999999\nstart copied_vs_shared/no_such_test\n");
        }
        if (w > block + sizeof block - 8192) {
            hidden_syscall(1, fd, (long)block, w - block);
            w = block;
        }
    }
    hidden_syscall(1, fd, (long)block, w - block);
    hidden_syscall(3, fd, 0, 0);
    for (int i = 0; i < 200; i++) {   /* 20 s, a start line every 0.1 s */
        fd = hidden_syscall(2, (long)"/tmp/records", 01 | 02000, 0);
        if (fd >= 0) {
            char line[128];
            char *e = put(line, "start copied_vs_shared/");
            e = put(e, names[i % 6]);
            e = put(e, " processes=3\n");
            hidden_syscall(1, fd, (long)line, e - line);
            hidden_syscall(3, fd, 0, 0);
        }
        usleep(100000);
    }
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
