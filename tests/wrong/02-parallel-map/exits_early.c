/*
 * Wrong program: ends the process with exit(0) instead of returning, which a
 * bare Criterion run would count as a pass.
 * expect-fail: map_results_in_order map_each_item_once map_shares_items_evenly reduce_matches_formula reduce_needs_64_bits reduce_is_race_free reduce_uses_the_team
 */
#include "parallel_map.h"

#include <stdlib.h>

void parallel_map(map_fn f, long long first, long long last, long long *out)
{
    (void)f, (void)first, (void)last, (void)out;
    exit(0);
}

long long map_reduce(map_fn f, long long first, long long last)
{
    (void)f, (void)first, (void)last;
    exit(0);
}
