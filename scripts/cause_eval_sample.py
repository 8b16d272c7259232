#!/usr/bin/env python3
"""Prints the negative reviews that data/eval/cause_eval.tsv labels, in its order: 70 food
delivery, 45 hotel and 10 per e-commerce category, 8–90 characters, seeded shuffle. The
labels themselves were assigned by reading each text (docs/cause-labelling.md).
Usage: scripts/cause_eval_sample.py [../shared/data]"""
import random
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
rng = random.Random(20261123)


def pick(name, n, maxlen=90):
    rows = []
    for line in open(f"{DATA}/{name}.train.tsv", encoding="utf-8"):
        lab, _, t = line.rstrip("\n").partition("\t")
        cat = ""
        if "|" in lab:
            cat, lab = lab.split("|")
        if lab != "0" or len(t) > maxlen or len(t) < 8:
            continue
        rows.append((cat, t))
    rng.shuffle(rows)
    return rows[:n]


sel = [("waimai_10k", t) for _, t in pick("waimai_10k", 70)]
sel += [("chnsenticorp_htl", t) for _, t in pick("chnsenticorp_htl", 45)]
per_cat = {}
for c, t in pick("online_shopping_10_cats", 400):
    if per_cat.get(c, 0) < 10:
        per_cat[c] = per_cat.get(c, 0) + 1
        sel.append(("online_shopping_10_cats", t))
for i, (s, t) in enumerate(sel):
    print(i, s, t, sep="\t")
