/*
 * Hostile: computes nothing, and has the harness itself write every
 * test's pass, in plain C within every rule of the policy: no asm, no
 * attribute, no header but <stdint.h> and <stdlib.h>, no symbol outside
 * the `c` group (malloc, realloc), no section, no global, no macro games.
 *   - dlsym by hand: the ELF structures are written out below; walk back
 *     from this code to the executable's header, take DT_DEBUG (the
 *     loader's r_debug) from its dynamic section, follow the link_map
 *     list to libc.so.6, and look open, read and _exit up in its .dynsym.
 *   - read /proc/self/exe (the sandbox binds the test binary readable),
 *     find wb_passed, the static harness function that writes "pass
 *     suite/test TOKEN" with the test's masked token, in its .symtab,
 *     and call it: the token never has to be found.
 *   - leave through the C library's own _exit(0) (not the harness's
 *     wrapper, which refuses an exit): the test process ends with status
 *     0, Criterion reports the test as passed, and the record has a pass
 *     with the right token.
 *   - In the race driver there is no wb_passed: return, touch nothing.
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
    void (*passed)(void) =
        (void (*)(void))executable_function("wb_passed", "best_item", (void *)best_item);
    void (*leave)(int) = (void (*)(int))library_function("libc.so", "_exit");
    if (passed && leave) {
        passed();
        leave(0);
    }
}

long long sum_reduction(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    pass_and_leave();
    return 0;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    (void)bin_of, (void)n, (void)nbins, (void)counts;
    pass_and_leave();
}

struct best best_item(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    pass_and_leave();
    struct best none = {0, 0};
    return none;
}
