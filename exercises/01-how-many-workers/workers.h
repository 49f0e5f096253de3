/*
 * workers.h - the API of exercise 01 (do not edit: the tests use it).
 *
 * Python's   cpu_count()
 * becomes    cores_available()
 * Python's   the number of workers Pool() starts
 * becomes    default_team_size()
 * Python's   print(f"Number of cores available equals {cpu_count()}")
 * becomes    char line[64];
 *            describe_cores(line, sizeof line);
 *            puts(line);
 */
#ifndef WORKERS_H
#define WORKERS_H

#include <stddef.h>

/*
 * The number of cores (processors) this program may run on, as the OpenMP
 * runtime counts them. It does not change when the program asks for more
 * or fewer threads.
 */
int cores_available(void);

/*
 * The number of threads a plain `#pragma omp parallel` (no clauses) really
 * starts when called from here, counted inside that region. After
 * omp_set_num_threads(k) this is k; called from a thread that is already
 * running inside a parallel region, it is whatever size the new region
 * really gets there.
 */
int default_team_size(void);

/*
 * Write "Number of cores available equals N" into buf, N being
 * cores_available(); no newline at the end.
 * buf has room for size characters, the terminating '\0' included.
 * Like snprintf: never write more than size characters (nothing at all when
 * size is 0), and end what is written with '\0' even when the sentence had
 * to be cut short.
 */
void describe_cores(char *buf, size_t size);

#endif
