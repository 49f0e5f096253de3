/*
 * combiners.c - three combiners that look right and are not.
 *
 * OpenMP combines the threads' partial results in an order it does not
 * promise: one thread's after another's as they finish (gcc's runtime),
 * or by thread number (clang's, for teams of 5 or more). A combiner gives
 * one answer whatever the order only if it is associative (how partials
 * are grouped does not matter) and commutative (their order does not
 * matter). Each of these three breaks that:
 *
 *   keep the last      omp_out = omp_in: the count of one thread's items
 *   mean of the means  (omp_out + omp_in) / 2: not associative; and the
 *                      original variable's 0.0 is averaged in too
 *   no tie rule        the larger value wins, an equal one does not: of
 *                      two partials with the same best value, the one
 *                      combined first stays
 *
 * The program runs them with teams of 1 to 4 threads, then five times
 * with the team of OMP_NUM_THREADS, beside the right answers.
 *
 * Run it:    ./workbook run 10 combiners -t 4
 */
#include <errno.h>
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N 100000000L

struct mean {
    double value;
    long count;
};

struct best {
    long long value;
    long at;
};

/* The right way to add one partial mean to another: weighted by counts. */
static struct mean weighted(struct mean out, struct mean in)
{
    long count = out.count + in.count;
    if (count > 0)
        out.value = (out.value * (double)out.count + in.value * (double)in.count) /
                    (double)count;
    out.count = count;
    return out;
}

static struct mean mean_of_means(struct mean out, struct mean in)
{
    out.value = (out.value + in.value) / 2;
    out.count += in.count;
    return out;
}

static struct best no_tie_rule(struct best out, struct best in)
{
    return in.value > out.value ? in : out;
}

#pragma omp declare reduction(keep_last : long : omp_out = omp_in) initializer(omp_priv = 0)
#pragma omp declare reduction(halves : struct mean : omp_out = mean_of_means(omp_out, omp_in)) \
    initializer(omp_priv = (struct mean){0.0, 0})
#pragma omp declare reduction(first_best : struct best : omp_out = no_tie_rule(omp_out, omp_in)) \
    initializer(omp_priv = (struct best){LLONG_MIN, LONG_MAX})

/* The values: i % 10 for the best (9 ties all along), and i * 10 / n for
 * the mean (0 for the first tenth, ..., 9 for the last: each thread's
 * items have a mean of their own). */
static long long (*volatile digit)(long i, long n);

static long long last_digit(long i, long n)
{
    (void)n;
    return i % 10;
}

static long long tenth(long i, long n)
{
    return i * 10 / n;
}

static void run(long n, int team, const char *label)
{
    long count = 0;
    struct mean mean = {0.0, 0};
    struct best best = {LLONG_MIN, LONG_MAX};
    #pragma omp parallel for num_threads(team) default(none) shared(n, digit) \
        reduction(keep_last:count) reduction(halves:mean) reduction(first_best:best)
    for (long i = 0; i < n; i++) {
        count++;
        mean = weighted(mean, (struct mean){(double)tenth(i, n), 1});
        long long v = digit(i, n);
        if (v > best.value) {
            best.value = v;
            best.at = i;
        }
    }
    long right_at = n > 9 ? 9 : n - 1;
    double right_mean = 0;
    for (long i = 0; i < n; i++)
        right_mean += (double)tenth(i, n);
    right_mean /= (double)n;
    double off = mean.value - right_mean;
    printf("%-14s %9ld %s %12.6f %s %9ld %s\n", label, count, count == n ? "right" : "WRONG",
           mean.value, off < 1e-9 && off > -1e-9 ? "right" : "WRONG", best.at,
           best.at == right_at ? "right" : "WRONG");
}

int main(int argc, char **argv)
{
    long n = 1000000;
    if (argc > 1) {
        char *end;
        errno = 0;
        n = strtol(argv[1], &end, 10);
        if (errno || end == argv[1] || *end != '\0' || n < 10 || n > MAX_N) {
            fprintf(stderr, "combiners: N must be a whole number from 10 to %ld, not \"%s\".\n",
                    MAX_N, argv[1]);
            return 2;
        }
    }
    digit = last_digit;
    double right_mean = 0;
    for (long i = 0; i < n; i++)
        right_mean += (double)tenth(i, n);
    printf("Items i = 0..%ld. Right: a count of %ld, a mean of i * 10 / n of %.6f,\n"
           "and the largest i %% 10 first at i = 9.\n", n - 1, n, right_mean / (double)n);
    printf("%-14s %15s %18s %15s\n", "", "keep the last", "mean of the means", "no tie rule");
    for (int team = 1; team <= 4; team++) {
        char label[32];
        snprintf(label, sizeof label, "team of %d", team);
        run(n, team, label);
    }
    int threads = omp_get_max_threads();
    printf("Five runs with a team of %d:\n", threads);
    for (int r = 1; r <= 5; r++) {
        char label[32];
        snprintf(label, sizeof label, "run %d", r);
        run(n, threads, label);
    }
    return 0;
}
