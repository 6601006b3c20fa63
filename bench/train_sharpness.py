#!/usr/bin/env python3
"""Hahn & Rofin (2024) on trained networks: a transformer trained on strings of one
length n, for each n, then the sharpness of the minimum it reached (`satcirc sharpness`:
the mean loss increase under Gaussian weight noise σ = 0.02 over 10 draws, on every
string of length n up to 2¹⁶ of them) beside the language's average sensitivity.
Their claim: sharpness grows with n for PARITY (sensitivity n), not for MAJORITY
(≈ √n) or FIRST (1).

Usage:
    PYTHONPATH=build/python python3 bench/train_sharpness.py [--satcirc build/tools/satcirc]
        [--runs runs/sharpness] [--langs parity,majority,first] [--lengths 4..20]
        [--seeds 1] [--steps 3000] [--weight-decay X] [--train-args "..."]
        [--csv FILE] [--figure PREFIX]

Each run: `satcirc train --lang L --train-lengths n..n --test-lengths none --steps T
--seed S [--weight-decay X] [TRAIN-ARGS]` (Hahn & Rofin train with AdamW's weight decay
0.1; --train-args adds flags, e.g. "--positional position_fraction,is_first"), then `satcirc sharpness --model RUN/model.json --lang L --lengths n --sigma
0.02 --scale 1 --json` (the float engine at c = 1 is the trained network). A finished
run is not trained again. Writes one CSV row per language, length and seed (with the
train accuracy: a run that did not fit its strings sits at no minimum) and, with
--figure, PREFIX-n.svg (sharpness against n) and PREFIX-as.svg (against as(f)).
"""

import argparse
import json
import os
import subprocess

import satcirc


def lengths(text):
    if ".." in text:
        lo, hi = text.split("..")
        return list(range(int(lo), int(hi) + 1))
    return [int(x) for x in text.split(",")]


def measure(args, lang, n, seed):
    directory = os.path.join(args.runs, f"{lang.replace(':', '_')}-n{n}-s{seed}")
    summary_path = os.path.join(directory, "summary.json")
    finished = False
    if os.path.exists(summary_path):
        with open(summary_path) as f:
            s = json.load(f)
        finished = s["finished"] and s["steps"] == args.steps
    if not finished:
        subprocess.run([args.satcirc, "train", "--lang", lang, "--train-lengths", f"{n}..{n}",
                        "--test-lengths", "none", "--steps", str(args.steps), "--seed",
                        str(seed), "--weight-decay", str(args.weight_decay), "-o", directory]
                       + args.train_args.split()
                       + (["--resume"] if os.path.exists(os.path.join(directory, "checkpoint.pt"))
                          else []), check=True, capture_output=True)
    with open(summary_path) as f:
        summary = json.load(f)
    out = subprocess.run([args.satcirc, "sharpness", "--model",
                          os.path.join(directory, "model.json"), "--lang", lang, "--lengths",
                          str(n), "--sigma", "0.02", "--scale", "1", "--json"],
                         check=True, capture_output=True, text=True).stdout
    row = json.loads(out)["rows"][0]
    row.update(lang=lang, seed=seed, train_accuracy=summary["train_accuracy"])
    print(f"{lang:9} n = {n:2} seed {seed}: train accuracy {row['train_accuracy']:.3f}, "
          f"sharpness {row['mean_increase']:.4g} ± {row['stderr']:.2g}, "
          f"as(f) {row['sensitivity']:.3f}", flush=True)
    return row


def figure(rows, langs, x_key, x_label, title):
    """One line per language through the runs that fitted their strings (train accuracy
    ≥ 99 %); the others, which sit at no minimum, as hollow-looking separate markers."""
    series = []
    for i, lang in enumerate(langs):
        mine = sorted((r for r in rows if r["lang"] == lang), key=lambda r: r[x_key])
        for fitted in (True, False):
            part = [r for r in mine if (r["train_accuracy"] >= 0.99) == fitted]
            if not part:
                continue
            series.append({"label": lang if fitted else f"{lang}: not fitted (train accuracy < 99 %)",
                           "x": [r[x_key] for r in part],
                           "y": [r["mean_increase"] for r in part],
                           "y_err": [r["stderr"] for r in part], "style": i if fitted else 6,
                           # as(f) repeats (MAJORITY: n = 2m − 1 and 2m), so no lines
                           "lines": fitted and x_key == "n"})
    return satcirc.plot_svg(series, title=title, x_label=x_label,
                            y_label="sharpness: mean loss increase, σ = 0.02")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--satcirc", default="build/tools/satcirc")
    parser.add_argument("--runs", default="runs/sharpness")
    parser.add_argument("--langs", default="parity,majority,first")
    parser.add_argument("--lengths", default="4..20")
    parser.add_argument("--seeds", default="1")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--weight-decay", type=float, default=0.0)
    parser.add_argument("--train-args", default="")
    parser.add_argument("--title", default="", help="appended to the figures' titles")
    parser.add_argument("--csv")
    parser.add_argument("--figure")
    args = parser.parse_args()
    langs = args.langs.split(",")
    rows = [measure(args, lang, n, int(seed)) for lang in langs
            for n in lengths(args.lengths) for seed in args.seeds.split(",")]
    keys = ["lang", "n", "seed", "train_accuracy", "base_loss", "mean_increase", "stderr",
            "flip_fraction", "sensitivity", "strings", "exhaustive"]
    text = ",".join(keys) + "\n" + "".join(
        ",".join(str(r[k]) for k in keys) + "\n" for r in rows)
    if args.csv:
        with open(args.csv, "w") as f:
            f.write(text)
    if args.figure:
        with open(args.figure + "-n.svg", "w") as f:
            f.write(figure(rows, langs, "n", "input length n (trained on that length only)",
                           f"Sharpness of trained minima{args.title}"))
        with open(args.figure + "-as.svg", "w") as f:
            f.write(figure(rows, langs, "sensitivity", "average sensitivity as(f) at n",
                           f"Sharpness of trained minima{args.title}"))


if __name__ == "__main__":
    main()
