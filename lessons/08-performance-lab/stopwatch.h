/*
 * stopwatch.h - timing that can be trusted, shared by this lesson's programs.
 *
 * One run of a short piece of code says almost nothing: the first run pays
 * for starting threads and touching memory for the first time, and any run
 * can be slowed by another program that wanted the CPU just then. So the
 * programs of this lesson time a piece of code the same way every time:
 *
 *   1. a warm-up run, not timed;
 *   2. several timed runs (omp_get_wtime before and after each);
 *   3. the median of those runs as "the" time, and the smallest and the
 *      largest beside it, so that the reader sees how much they spread.
 *
 * The median is the middle value once the times are sorted: one unlucky
 * run moves it very little, where it would move the mean a lot.
 */
#ifndef STOPWATCH_H
#define STOPWATCH_H

/* The summary of several timed runs, in seconds. */
struct spread {
    double median;
    double min;
    double max;
    int runs;
};

/* Sorts seconds[0..runs-1] and sums them up (runs >= 1). */
struct spread spread_of(double *seconds, int runs);

/* How far the runs spread around the median, in percent: (max - min) / median. */
double spread_percent(struct spread s);

/*
 * How long a warm-up lasts, in seconds. One run of a short loop is not
 * enough: the team's threads are started by the first parallel region, but
 * the runtime (libomp above all) and the processor take some milliseconds
 * more to settle, so the programs repeat their warm-up run until this much
 * time has passed.
 */
#define STOPWATCH_WARM_UP 0.1

/*
 * The lesson's programs can be timed by `./workbook bench`. It runs them
 * with `--repeat K` as their first two arguments; stopwatch_repeat() takes
 * those two away (so that the program reads its own arguments as usual)
 * and returns K, or 0 when the program was started the ordinary way. In
 * that mode a program prints one line per timed run:
 *
 *     time LABEL SECONDS
 *
 * (see stopwatch_print_runs), and bench makes the table and the charts.
 */
int stopwatch_repeat(int *argc, char **argv);

/* Prints "time LABEL SECONDS" for each of `runs` timed runs. */
void stopwatch_print_runs(const char *label, const double *seconds, int runs);

/* Reads argv[index] as a whole number from low to high, or stops the
 * program with a message naming `what` (exit status 2). The default when
 * there is no such argument. */
long stopwatch_number(int argc, char **argv, int index, const char *program,
                      const char *what, long low, long high, long fallback);

/*
 * The sum of x*x for x = 1..n, modulo 2^64: what the lesson's kernels add
 * up in an unsigned long long (whose sums wrap around modulo 2^64 by the
 * rules of C, where a long long's sum past LLONG_MAX is undefined), so
 * that each program can check its answer for any n up to 2e9.
 */
unsigned long long squares_mod_2_64(unsigned long long n);

#endif
