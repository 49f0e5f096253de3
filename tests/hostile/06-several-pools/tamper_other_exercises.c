/*
 * Hostile: while exercise 06 is graded, tries to change what grades the
 * others, through the C library's own functions found by walking the
 * loader's link map by hand (plain C, no asm, no symbol of theirs):
 *   - overwrite tests/07-races-and-reduction.c with a file whose tests
 *     pass, copy the solution of 02 over the exercise of 02 (in the
 *     workbook and in the self-test's grading tree), and replace the built
 *     grade-07-exercise binary with the test binary running now;
 *   - rename(), link() and symlink() over those paths too, and through
 *     /proc/1/root, /proc/self/cwd and relative paths from the scratch
 *     folder;
 *   - fork a child that leaves the session, waits 20 s (bounded) for the
 *     grader to finish and then rewrites the JSON reports a `check --json`
 *     or an instructor's batch may have written (report.json,
 *     grades.json, results.json, in the workbook and the current folder).
 * The sandbox shows none of those files; nothing of the workbook may
 * change, and no process may outlive the run.
 * expect: no points
 */
#include "pools.h"

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
typedef int (*path2_fn)(const char *, const char *);
typedef int (*close_fn)(int);
typedef int (*fork_fn)(void);
typedef int (*sleep_fn)(unsigned);
typedef int (*setsid_fn)(void);
typedef void (*exit_fn)(int);

static const char *const roots[] = {
    "/work/main/", "/tmp/hostile-build/grading-tree/", "/proc/1/root/work/main/",
    "/proc/self/cwd/../", "/proc/self/cwd/../../", "../", "../../", "../../../",
};
static const char *const targets[] = {
    "tests/07-races-and-reduction.c", "exercises/02-parallel-map/parallel_map.c",
    "build/gcc/grade/grade-07-exercise", "workbook.toml", ".workbook/state.json",
    "report.json", "grades.json", "results.json",
};
static const char passing_tests[] =
    "#include <criterion/criterion.h>\nTest(races_and_reduction, sum_matches_formula) {}\n";

static int tamper(void)
{
    open_fn open_ = (open_fn)library_function("libc.so", "open");
    write_fn write_ = (write_fn)library_function("libc.so", "write");
    close_fn close_ = (close_fn)library_function("libc.so", "close");
    path2_fn rename_ = (path2_fn)library_function("libc.so", "rename");
    path2_fn link_ = (path2_fn)library_function("libc.so", "link");
    path2_fn symlink_ = (path2_fn)library_function("libc.so", "symlink");
    if (!open_ || !write_ || !close_ || !rename_ || !link_ || !symlink_)
        return -1;
    int done = 0;
    for (unsigned r = 0; r < sizeof roots / sizeof roots[0]; r++) {
        for (unsigned t = 0; t < sizeof targets / sizeof targets[0]; t++) {
            char path[512];
            char *w = path;
            for (const char *s = roots[r]; *s;)
                *w++ = *s++;
            for (const char *s = targets[t]; *s;)
                *w++ = *s++;
            *w = 0;
            int fd = open_(path, 01 | 01000 /* O_WRONLY | O_TRUNC */);
            if (fd >= 0) {
                done += write_(fd, passing_tests, sizeof passing_tests - 1) > 0;
                close_(fd);
            }
            done += rename_("/proc/self/exe", path) == 0;
            done += link_("/proc/self/exe", path) == 0;
            done += symlink_("/proc/self/exe", path) == 0;
        }
    }
    return done;
}

static void later(void)
{
    static int forked;
    fork_fn fork_ = (fork_fn)library_function("libc.so", "fork");
    sleep_fn sleep_ = (sleep_fn)library_function("libc.so", "sleep");
    setsid_fn setsid_ = (setsid_fn)library_function("libc.so", "setsid");
    exit_fn exit_ = (exit_fn)library_function("libc.so", "_exit");
    if (forked++ || !fork_ || !sleep_ || !setsid_ || !exit_)
        return;
    if (fork_() == 0) {
        setsid_();
        sleep_(20);
        tamper();
        exit_(0);
    }
}

void square_then_cube(map_fn square, map_fn cube, const long long *in, long long *squares,
                      long long *cubes, long n)
{
    (void)square, (void)cube, (void)in, (void)cubes;
    later();
    int done = tamper();
    for (long i = 0; i < n; i++)
        squares[i] = done;
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    (void)f, (void)sums;
    later();
    int done = tamper();
    for (long i = 0; i < n; i++)
        values[i] = done;
}
