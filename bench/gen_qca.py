#!/usr/bin/env python3
"""Fictitious fuzzy-set panel for the QCA benchmark (seeded): CASES cases, CONDITIONS
conditions with memberships away from the crossover, and an outcome that follows
C0*C1 + C2*~C3 with noise.  gen_qca.py CASES CONDITIONS OUT.csv [SEED]"""
import random
import sys

cases, k, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
levels = [0.0, 0.0, 0.0, 0.1, 0.2, 0.8, 0.9, 1.0, 1.0, 1.0]
with open(out, "w") as f:
    f.write("case," + ",".join(f"C{j}" for j in range(k)) + ",Y\n")
    for i in range(cases):
        x = [rng.choice(levels) for _ in range(k)]
        y = max(min(x[0], x[1]), min(x[2], 1 - x[3]))
        if rng.random() < 0.05:
            y = 1 - y
        f.write(f"fictitious{i}," + ",".join(str(v) for v in x) + f",{y}\n")
