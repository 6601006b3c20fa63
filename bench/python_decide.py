#!/usr/bin/env python3
"""Strings per second of satcirc.decide at n = 20 on zoo:parity, from Python.

1,000,000 random words (numpy, seeded), as a [batch, n] index array and as a
list of str, on one thread and on the default (one per core). One line per
setting. Usage: PYTHONPATH=BUILD/python python3 bench/python_decide.py [--words N]
"""

import argparse
import time

import numpy as np

import satcirc


def measure(model, words, threads):
    start = time.perf_counter()
    result = satcirc.decide(model, words, threads=threads)
    seconds = time.perf_counter() - start
    return result, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    model = satcirc.zoo("parity")
    array = np.random.default_rng(args.seed).integers(0, 2, size=(args.words, args.n),
                                                      dtype=np.uint8)
    expected = array.sum(axis=1) % 2 == 1
    as_text = ["".join(map(str, row)) for row in array.tolist()]
    for form, words in (("array", array), ("list", as_text)):
        for threads in (1, 0):
            result, seconds = measure(model, words, threads)
            assert (result == expected).all()
            print(f"decide zoo:parity n={args.n} words={args.words} input={form} "
                  f"threads={threads or 'default'}: {args.words / seconds:,.0f} strings/s "
                  f"({seconds:.3f} s)")


if __name__ == "__main__":
    main()
