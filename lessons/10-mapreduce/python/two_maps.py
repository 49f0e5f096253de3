"""Two maps handed to one pool at once, then both reduced: the sum of the
pairwise sums and the sum of the pairwise products of two lists.

    python3 lessons/10-mapreduce/python/two_maps.py

map_async returns at once with a handle; the pool's workers take items of
both maps while the main program waits on the handles with get().
"""
from functools import reduce
from multiprocessing import Pool


def add(pair):
    a, b = pair
    return a + b


def multiply(pair):
    a, b = pair
    return a * b


if __name__ == "__main__":
    a = list(range(1, 101))
    b = list(range(101, 201))
    pairs = list(zip(a, b))
    with Pool(2) as pool:
        sums = pool.map_async(add, pairs)            # submitted ...
        products = pool.map_async(multiply, pairs)   # ... and submitted, both running
        total_of_sums = reduce(lambda x, y: x + y, sums.get())
        total_of_products = reduce(lambda x, y: x + y, products.get())
    print(f"The sum of a[i] + b[i] for i = 0..99 is {total_of_sums}")
    print(f"The sum of a[i] * b[i] for i = 0..99 is {total_of_products}")
