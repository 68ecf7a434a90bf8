#!/usr/bin/python3
"""Independent numpy reference for the `pca` weighting of docs/methods/referential-scoring.md
(section 4), on the fictitious dataset of tests/reference/referential/ (input.csv, the tree
and directions of cases.json): minmax normalisation, missing excluded, arithmetic
aggregation, PCA-derived weights. Writes referential/expected_pca.csv (same columns as the
other expected files) and prints the weights of every node.

  /usr/bin/python3 tests/reference/referential_pca_reference.py
"""
import json
import os

import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "referential")


def main():
    spec = json.load(open(os.path.join(HERE, "cases.json")))
    ids = [i["id"] for i in spec["indicators"]]
    direction = {i["id"]: i["direction"] for i in spec["indicators"]}
    rows = [line.rstrip("\n").split(",") for line in open(os.path.join(HERE, "input.csv"))]
    header, data = rows[0], rows[1:]
    units = [r[0] for r in data]
    x = np.array([[float(v) if v != "" else np.nan for v in r[1:]] for r in data])
    assert header[1:] == ids
    # minmax, missing excluded
    norm = np.full_like(x, np.nan)
    for j, ind in enumerate(ids):
        col = x[:, j]
        lo, hi = np.nanmin(col), np.nanmax(col)
        y = (col - lo) / (hi - lo) if hi > lo else np.where(np.isnan(col), np.nan, 0.5)
        norm[:, j] = 1 - y if direction[ind] == "lower_better" else y
    values = {ind: norm[:, j] for j, ind in enumerate(ids)}
    coverage = {ind: (~np.isnan(norm[:, j])).astype(float) for j, ind in enumerate(ids)}
    levels = spec["levels"]
    order = levels["criteria"] + levels["dimensions"] + [levels["root"]]
    weights_report = {}
    for node in order:
        kids = [c["id"] for c in spec["tree"][node] if direction.get(c["id"]) != "neutral"]
        mat = np.column_stack([values[c] for c in kids])
        complete = ~np.isnan(mat).any(axis=1)
        w = np.full(len(kids), 1.0)
        if len(kids) >= 2 and complete.sum() >= 3:
            sub = mat[complete]
            if (sub.std(axis=0) > 0).all():
                corr = np.corrcoef(sub, rowvar=False)
                vals, vecs = np.linalg.eigh(corr)
                v = vecs[:, np.argmax(vals)]
                w = v ** 2
        weights_report[node] = dict(zip(kids, w.tolist()))
        present = ~np.isnan(mat)
        wp = (present * w).sum(axis=1)
        acc = np.nansum(mat * w, axis=1)
        values[node] = np.where(wp > 0, acc / np.where(wp > 0, wp, 1), np.nan)
        covs = np.column_stack([coverage[c] for c in kids])
        coverage[node] = (np.where(present, covs, 0.0) * w).sum(axis=1) / w.sum()
    total = values[levels["root"]]
    ok = ~np.isnan(total)
    rank = np.zeros(len(units), dtype=int)
    order_idx = np.argsort(-np.where(ok, total, -np.inf), kind="stable")
    group_value, group_rank = None, 0
    for p, i in enumerate(order_idx):
        if not ok[i]:
            continue
        v = total[i]
        if group_value is None or group_value - v > 1e-12 * max(1.0, abs(v), abs(group_value)):
            group_value, group_rank = v, p + 1
        rank[i] = group_rank
    nodes = levels["criteria"] + levels["dimensions"] + [levels["root"]]
    with open(os.path.join(HERE, "expected_pca.csv"), "w") as f:
        cols = ["unit"] + [f"n_{i}" for i in ids] + nodes + [f"cov_{n}" for n in nodes] + ["rank"]
        f.write(",".join(cols) + "\n")
        fmt = lambda v: "" if np.isnan(v) else "%.17g" % v
        for u, name in enumerate(units):
            cells = [name] + [fmt(values[i][u]) for i in ids] + [fmt(values[n][u]) for n in nodes]
            cells += [fmt(coverage[n][u]) for n in nodes] + [str(rank[u]) if rank[u] > 0 else ""]
            f.write(",".join(cells) + "\n")
    print(json.dumps(weights_report, indent=1))


if __name__ == "__main__":
    main()
