#!/usr/bin/env python3
"""The shared archive generator for sizes it cannot make on its own (300k, a million).

../shared/bench/gen_corpus.py draws a pool of N/5 actors from its lists of first names and
surnames, which hold about 46,000 pairs: from about 230,000 articles on it runs out of names
and stops. This runs the same generator with the pool capped at the pairs it has, so that a
million articles share some 46,000 actors (more articles per actor; every other property of
the archive is the generator's own). Same arguments as gen_corpus.py:

    python3 bench/gen_large.py 1000000 /tmp/gazette-bench/scale-n1000000 --seed 42 --peers gazette
"""
import os
import sys

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
sys.path.insert(0, SHARED)
import gen_corpus  # noqa: E402

build_actors = gen_corpus.build_actors


def names_available():
    """How many distinct actors the generator's lists can name (as its build_actors counts)."""
    slugs = {gen_corpus.slugify(name) for name, _ in gen_corpus.INSTITUTIONS}
    for first in gen_corpus.FIRST:
        for last in gen_corpus.LAST:
            name = first + " " + last
            if gen_corpus.ascii_foldable(name):
                slugs.add(gen_corpus.slugify(name))
    return len(slugs)


def capped_build_actors(rng, pool_size):
    """The generator's own pool, no larger than its name lists allow."""
    return build_actors(rng, min(pool_size, names_available()))


gen_corpus.build_actors = capped_build_actors

if __name__ == "__main__":
    gen_corpus.main()
