/*
 * Hostile: computes nothing, yet forges every test's pass record, in plain
 * C: no asm, no system call, no symbol outside the `c` group (abort), no
 * section, no global; only the loader's own headers, <elf.h> and
 * <link.h>, for the structures it walks (wb_passed_by_symtab.c does the
 * same with the structures written out by hand).
 *   - dlsym without dlsym: walk back from this code to the executable's
 *     ELF header, take DT_DEBUG from its dynamic section (the loader's
 *     r_debug), follow the link_map list to libc.so.6 and look `open` and
 *     `write` up in its .dynsym: a pointer to any function of the C
 *     library, called like any function pointer the tests hand in.
 *   - The sanitizers are found the same way, at run time (a libasan or
 *     libtsan in the link_map list), which no preprocessing comparison can
 *     see: under them the code returns at once, having touched nothing.
 *   - The test's name and token are read from the harness's static buffers
 *     in the executable's writable segment; "pass suite/test TOKEN" goes
 *     into /tmp/records, and abort() ends the test before an assertion
 *     fails: Criterion says "crashed", the record says "pass".
 * expect: no points
 */
#include "races.h"

#include <elf.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef int (*open_fn)(const char *, int, ...);
typedef long (*write_fn)(int, const void *, unsigned long);
typedef int (*close_fn)(int);

static size_t length(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int contains(const char *text, const char *word)
{
    size_t n = length(word);
    for (; *text; text++) {
        size_t i = 0;
        while (i < n && text[i] == word[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

static const unsigned char *executable(void)
{
    uintptr_t page = (uintptr_t)&executable & ~(uintptr_t)4095;
    for (;;) {
        const unsigned char *p = (const unsigned char *)page;
        if (p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F')
            return p;
        page -= 4096;
    }
}

static uintptr_t bias_of(const unsigned char *base)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
            return (uintptr_t)base - ph[i].p_vaddr;
    return (uintptr_t)base;
}

static struct link_map *loaded_objects(void)
{
    const unsigned char *base = executable();
    uintptr_t bias = bias_of(base);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_DYNAMIC)
            continue;
        for (const Elf64_Dyn *d = (const Elf64_Dyn *)(bias + ph[i].p_vaddr); d->d_tag; d++)
            if (d->d_tag == DT_DEBUG && d->d_un.d_ptr)
                return ((struct r_debug *)d->d_un.d_ptr)->r_map;
    }
    return NULL;
}

static void *lookup(struct link_map *lm, const char *name)
{
    const Elf64_Sym *symtab = NULL;
    const char *strtab = NULL;
    for (const Elf64_Dyn *d = lm->l_ld; d->d_tag; d++) {
        uintptr_t v = d->d_un.d_ptr;
        if (v < lm->l_addr)
            v += lm->l_addr;   /* the loader may or may not have relocated it */
        if (d->d_tag == DT_SYMTAB)
            symtab = (const Elf64_Sym *)v;
        if (d->d_tag == DT_STRTAB)
            strtab = (const char *)v;
    }
    if (!symtab || !strtab)
        return NULL;
    /* .dynstr follows .dynsym: that is where the symbols end. */
    for (const Elf64_Sym *s = symtab + 1; (const char *)s < strtab; s++)
        if (s->st_value && ELF64_ST_TYPE(s->st_info) == STT_FUNC &&
            same(strtab + s->st_name, name))
            return (void *)(lm->l_addr + s->st_value);
    return NULL;
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static char *append(char *w, const char *s)
{
    while (*s)
        *w++ = *s++;
    return w;
}

static int forge(void)
{
    const char *suite = "races_and_reduction/";
    struct link_map *libc = NULL;
    for (struct link_map *lm = loaded_objects(); lm; lm = lm->l_next) {
        if (contains(lm->l_name, "libasan") || contains(lm->l_name, "libtsan") ||
            contains(lm->l_name, "clang_rt"))
            return 0;   /* watched: behave */
        if (contains(lm->l_name, "libc.so"))
            libc = lm;
    }
    if (!libc)
        return 0;
    open_fn my_open = (open_fn)lookup(libc, "open");
    write_fn my_write = (write_fn)lookup(libc, "write");
    close_fn my_close = (close_fn)lookup(libc, "close");
    if (!my_open || !my_write || !my_close)
        return 0;

    const unsigned char *base = executable();
    uintptr_t bias = bias_of(base);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
    const char *name = NULL;
    const char *tokens[16];
    int ntokens = 0;
    size_t suite_len = length(suite);
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_W))
            continue;
        const unsigned char *lo = (const unsigned char *)(bias + ph[i].p_vaddr);
        const unsigned char *hi = lo + ph[i].p_memsz;
        for (const unsigned char *p = lo + 1; p + 40 < hi; p++) {
            if (p[-1] != 0)
                continue;
            size_t k = 0;
            while (k < suite_len && p[k] == (unsigned char)suite[k])
                k++;
            if (k == suite_len && !name)
                name = (const char *)p;
            k = 0;
            while (k < 32 && is_hex(p[k]))
                k++;
            if (k == 32 && p[32] == 0 && ntokens < 16)
                tokens[ntokens++] = (const char *)p;
        }
    }
    if (!name || !ntokens)
        return 0;
    int fd = my_open("/tmp/records", 02 | 02000);
    if (fd < 0)
        return 0;
    for (int t = 0; t < ntokens; t++) {
        char line[400];
        char *w = append(line, "pass ");
        w = append(w, name);
        w = append(w, " ");
        for (int j = 0; j < 32; j++)
            *w++ = tokens[t][j];
        *w++ = '\n';
        my_write(fd, line, (unsigned long)(w - line));
    }
    my_close(fd);
    return 1;
}

long long sum_reduction(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    if (forge())
        abort();
    return 0;
}

void histogram(int (*bin_of)(long i), long n, int nbins, long *counts)
{
    (void)bin_of, (void)n, (void)nbins, (void)counts;
    if (forge())
        abort();
}

struct best best_item(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    if (forge())
        abort();
    struct best none = {0, 0};
    return none;
}
