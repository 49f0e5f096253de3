/*
 * word_count.c - mapreduce's "hello world": count the words of a text.
 *
 * The map turns each word into its key, here its place in a small fixed
 * vocabulary; the reduce adds up one count per key. The counts are an
 * array inside a struct, and a struct can be reduced once its combiner
 * and identity are declared: each thread counts into a struct of its own,
 * the structs are added up once per thread at the end.
 *
 * The same counts are also made with an array reduction, reduction(+:
 * counts[:WORDS]) on a plain array, which gcc and clang both accept. What
 * neither accepts is a field of a struct in a reduction clause
 * (reduction(+:tally.count[:WORDS]) or reduction(+:s.a)): a struct is
 * reduced as a whole, with a declared reduction.
 *
 * Run it:    ./workbook run 10 word_count -t 4
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_N 50000000L
#define WORDS 8

static const char *const vocabulary[WORDS] = {
    "map", "reduce", "thread", "team", "pool", "task", "barrier", "race"};

struct tally {
    long count[WORDS];
};

static void add_tally(struct tally *out, const struct tally *in)
{
    for (int w = 0; w < WORDS; w++)
        out->count[w] += in->count[w];
}

#pragma omp declare reduction(add_up : struct tally : add_tally(&omp_out, &omp_in)) \
    initializer(omp_priv = (struct tally){{0}})

/* The map: a word's key, its place in the vocabulary (-1: not in it). */
static int key_of(const char *word)
{
    for (int w = 0; w < WORDS; w++)
        if (strcmp(word, vocabulary[w]) == 0)
            return w;
    return -1;
}

int main(int argc, char **argv)
{
    long n = 1000000;
    if (argc > 1) {
        char *end;
        errno = 0;
        n = strtol(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || n < 1 || n > MAX_N) {
            fprintf(stderr, "word_count: N must be a whole number from 1 to %ld, not "
                    "\"%s\".\n", MAX_N, argv[1]);
            return 2;
        }
    }
    /* The text: n words of the vocabulary, in a scrambled order. */
    const char **text = malloc((size_t)n * sizeof *text);
    if (!text) {
        fprintf(stderr, "word_count: out of memory\n");
        return 1;
    }
    for (long i = 0; i < n; i++)
        text[i] = vocabulary[(unsigned long)i * 2654435761UL % 1000003UL % 13UL % WORDS];

    struct tally serial = {{0}};
    for (long i = 0; i < n; i++)
        serial.count[key_of(text[i])]++;

    struct tally declared = {{0}};
    #pragma omp parallel for default(none) shared(text, n) reduction(add_up:declared)
    for (long i = 0; i < n; i++)
        declared.count[key_of(text[i])]++;

    long counts[WORDS] = {0};
    #pragma omp parallel for default(none) shared(text, n) reduction(+:counts[:WORDS])
    for (long i = 0; i < n; i++)
        counts[key_of(text[i])]++;

    printf("%ld word%s counted with %d thread%s\n", n, n == 1 ? "" : "s",
           omp_get_max_threads(), omp_get_max_threads() == 1 ? "" : "s");
    printf("%-9s %10s %18s %16s\n", "word", "serial", "declared struct", "array section");
    int right = 1;
    for (int w = 0; w < WORDS; w++) {
        printf("%-9s %10ld %18ld %16ld\n", vocabulary[w], serial.count[w], declared.count[w],
               counts[w]);
        right = right && declared.count[w] == serial.count[w] && counts[w] == serial.count[w];
    }
    printf("%s\n", right ? "Both reductions are right." : "WRONG counts.");
    free(text);
    return 0;
}
