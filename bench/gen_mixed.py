#!/usr/bin/python3
"""Fictitious mixed data for the typology benchmark (seeded): N rows, 30 quantitative and
10 categorical columns drawn around 4 latent groups, so that a typology has something to
find. The data are fictitious; the first column names the rows (f1, f2, ...).
   bench/gen_mixed.py N OUT.csv [SEED]"""
import csv
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
groups = 4
centres = [[rng.gauss(0, 2) for _ in range(30)] for _ in range(groups)]
levels = [["a", "b", "c", "d", "e"][: 3 + j % 3] for j in range(10)]
prefs = [[rng.randrange(len(levels[j])) for j in range(10)] for _ in range(groups)]
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["name"] + [f"q{j + 1}" for j in range(30)] + [f"c{j + 1}" for j in range(10)])
    for i in range(n):
        g = rng.randrange(groups)
        quanti = [f"{centres[g][j] + rng.gauss(0, 1.5):.6f}" for j in range(30)]
        quali = []
        for j in range(10):
            k = prefs[g][j] if rng.random() < 0.6 else rng.randrange(len(levels[j]))
            quali.append(f"c{j + 1}_{levels[j][k]}")
        w.writerow([f"f{i + 1}"] + quanti + quali)
