/*
 * workers.h - the API of exercise 01 (do not edit: the tests use it).
 *
 * Python's   cpu_count()
 * becomes    cores_available()
 * Python's   the number of workers Pool() starts
 * becomes    default_team_size()
 * The line the tutorial prints with the core count in it
 * becomes    char line[64];
 *            describe_cores(line, sizeof line);
 *            puts(line);
 *
 * Besides its results, every function here is graded on how it gets them:
 * no data race (ThreadSanitizer watches it at 2, 3 and 4 threads), no
 * access outside the arrays it is given and nothing left allocated when it
 * returns (AddressSanitizer and LeakSanitizer watch it). Your file defines
 * only the functions below (make any helper of yours `static`) and calls
 * only OpenMP and the C library's string, number, allocation, maths, time
 * and printing functions: anything else is refused before it runs.
 */
#ifndef WORKERS_H
#define WORKERS_H

#include <stddef.h>

/*
 * The number of logical CPUs this program may run on (the tutorial's
 * "cores": a core that runs two hardware threads counts twice), as the
 * OpenMP runtime counts them. It does not change when the program asks for more
 * or fewer threads.
 */
int cores_available(void);

/*
 * The number of threads a plain `#pragma omp parallel` (no clauses) really
 * starts when called from here, counted inside that region. After
 * omp_set_num_threads(k) this is k; called from a thread that is already
 * running inside a parallel region, it is whatever size the new region
 * really gets there: 1 while nested parallelism is off (the default), and
 * the size that thread asks for once omp_set_max_active_levels(2) allows
 * a second level. Never assume either: measure it.
 */
int default_team_size(void);

/*
 * Write "Number of cores available equals N" into buf, N being
 * cores_available(); no newline at the end.
 * buf has room for size characters, the terminating '\0' included.
 * Like snprintf: never write more than size characters, nor anything before
 * buf (nothing at all when size is 0), and end what is written with '\0'
 * even when the sentence had to be cut short.
 */
void describe_cores(char *buf, size_t size);

#endif
