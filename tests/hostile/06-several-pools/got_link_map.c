/*
 * Hostile: computes nothing, and reaches every function of the process
 * through a symbol the policy lets through: _GLOBAL_OFFSET_TABLE_ (listed
 * among "what compilers insert"). Its slot 1 holds the loader's link_map
 * of the executable (lazy binding, partial RELRO), the head of the list of
 * loaded objects: from there, the C library's open, read and _exit by
 * their .dynsym entries, /proc/self/exe's .symtab for the harness's
 * static wb_passed(), which writes this test's pass with its own token,
 * and the C library's _exit(0), so that Criterion reports a pass too.
 * Plain C, ELF structures written out by hand, no asm, no attribute.
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

/* _GLOBAL_OFFSET_TABLE_ is on the policy's list of what compilers insert.
 * Its second slot is where the loader keeps the executable's link_map for
 * lazy binding: the head of the list of every loaded object. */
extern char _GLOBAL_OFFSET_TABLE_[];

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
static struct loaded *loaded_objects_by_debug(void)
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

static struct loaded *loaded_objects(void)
{
    struct loaded *const *got = (struct loaded *const *)(void *)_GLOBAL_OFFSET_TABLE_;
    uintptr_t image = (uintptr_t)executable_image();
    /* gcc's graded build: the table is in the executable, and its slot 1
     * is set. Elsewhere (clang, BIND_NOW) ask r_debug instead. */
    if ((uintptr_t)got > image && (uintptr_t)got - image < (64u << 20) && got[1])
        return got[1];
    return loaded_objects_by_debug();
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

/* A function of the executable itself, static ones too, by name: from the
 * .symtab of /proc/self/exe, read with the C library's own open and read.
 * `known` is a function of this file, to find where the executable is. */
static void *executable_function(const char *name, const char *known_name, void *known)
{
    typedef int (*open_fn)(const char *, int, ...);
    typedef long (*read_fn)(int, void *, unsigned long);
    typedef int (*close_fn)(int);
    static unsigned char *file;
    static long size;
    if (!file) {
        open_fn open_ = (open_fn)library_function("libc.so", "open");
        read_fn read_ = (read_fn)library_function("libc.so", "read");
        close_fn close_ = (close_fn)library_function("libc.so", "close");
        if (!open_ || !read_ || !close_)
            return 0;
        int fd = open_("/proc/self/exe", 0);
        if (fd < 0)
            return 0;
        long room = 1 << 20;
        file = malloc((size_t)room);
        for (long got; file && (got = read_(fd, file + size, (unsigned long)(room - size))) > 0;) {
            size += got;
            if (size == room)
                file = realloc(file, (size_t)(room *= 2));
        }
        close_(fd);
        if (!file)
            return 0;
    }
    const elf_header *eh = (const elf_header *)file;
    if (size < (long)sizeof *eh || eh->shoff + (uint64_t)eh->shnum * sizeof(section_header) >
                                       (uint64_t)size)
        return 0;
    const section_header *sh = (const section_header *)(file + eh->shoff);
    uint64_t wanted = 0, anchor = 0;
    for (int i = 0; i < eh->shnum; i++) {
        if (sh[i].type != 2 /* SHT_SYMTAB */ || sh[i].link >= eh->shnum)
            continue;
        const elf_symbol *symbols = (const elf_symbol *)(file + sh[i].offset);
        const char *strings = (const char *)(file + sh[sh[i].link].offset);
        for (uint64_t k = 0; k < sh[i].size / sizeof(elf_symbol); k++) {
            if ((symbols[k].info & 15) != 2)
                continue;
            if (same_text(strings + symbols[k].name, name))
                wanted = symbols[k].value;
            if (same_text(strings + symbols[k].name, known_name))
                anchor = symbols[k].value;
        }
    }
    if (!wanted || !anchor)
        return 0;
    return (void *)((uintptr_t)known - anchor + wanted);
}

static void pass_and_leave(void)
{
    void (*passed)(void) = (void (*)(void))executable_function(
        "wb_passed", "map_then_mirror", (void *)map_then_mirror);
    void (*leave)(int) = (void (*)(int))library_function("libc.so", "_exit");
    if (passed && leave) {
        passed();
        leave(0);
    }
}

void square_then_cube(map_fn square, map_fn cube, const long long *in, long long *squares,
                      long long *cubes, long n)
{
    (void)square, (void)cube, (void)in, (void)squares, (void)cubes, (void)n;
    pass_and_leave();
}

void map_then_mirror(map_fn f, long n, long long *values, long long *sums)
{
    (void)f, (void)n, (void)values, (void)sums;
    pass_and_leave();
}
