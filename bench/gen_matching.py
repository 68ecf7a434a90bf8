#!/usr/bin/env python3
"""Fictitious units for the matching benchmark (seeded): N units, 20 % treated, six
numeric covariates and a three-level category driving the treatment, an outcome with a
treatment effect of 2.  gen_matching.py N OUT.csv [SEED]"""
import math
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
with open(out, "w") as f:
    f.write("name,treat,x1,x2,x3,x4,x5,x6,kind,y\n")
    for i in range(n):
        x = [rng.gauss(0, 1) for _ in range(6)]
        kind = rng.choice(["assoc", "public", "firm"])
        eta = -1.8 + 0.6 * x[0] - 0.4 * x[1] + 0.3 * x[2] + (0.5 if kind == "firm" else 0)
        t = 1 if rng.random() < 1 / (1 + math.exp(-eta)) else 0
        y = 2 * t + x[0] + 0.5 * x[3] + rng.gauss(0, 1)
        f.write(f"fictitious{i},{t}," + ",".join(f"{v:.6f}" for v in x) + f",{kind},{y:.6f}\n")
