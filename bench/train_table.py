#!/usr/bin/env python3
"""The results table of docs/training.md: `satcirc train` on each language, depth and
seed, by Delétang et al.'s protocol (train 1..40, test every length 41..500 with 512
strings, score = mean test accuracy), and one norm-growth figure per language.

Usage:
    bench/train_table.py [--satcirc build/tools/satcirc] [--runs runs/train]
                         [--langs "parity;majority;..."] [--layers 1,2] [--seeds 1,2,3]
                         [--steps 3000] [--jobs 1] [--markdown FILE] [--figures DIR]

Languages are separated by ";" (a spec may hold commas: dyck:k=2,depth=2). A run
whose directory already holds a finished summary.json with the same options is
not run again, so the table can be built in pieces (e.g. one depth a day). The table
has a row per language and depth: the mean test accuracy over the seeds with its
spread (min–max), what the better constant answer scores on the same test strings
(the checker's mix is half members where both classes exist, else one class: 50 % at
such a length, 100 % at the others), the train accuracy, the fitted exponent of the norm's growth, and
the published transformer figure of the Chomsky-hierarchy benchmark where the task
is the same. The figures are drawn with satcirc's own plotting (satcirc.plot_svg).
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

LANGS = ["parity", "majority", "first", "dyck:k=1", "tomita:1", "tomita:2", "tomita:3",
         "tomita:4", "tomita:5", "tomita:6", "tomita:7", "anbn", "dyck:k=2,depth=2"]
# Delétang et al. 2023, transformer (best positional encoding), the same task only.
PUBLISHED = {"parity": "≈ 52 % (Parity Check)"}


def run_dir(args, lang, layers, seed):
    safe = lang.replace(":", "_").replace(",", "_").replace("=", "")
    return os.path.join(args.runs, f"{safe}-L{layers}-s{seed}")


def done(directory, steps):
    path = os.path.join(directory, "summary.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        summary = json.load(f)
    return summary if summary["finished"] and summary["steps"] == steps else None


def train(args, lang, layers, seed):
    directory = run_dir(args, lang, layers, seed)
    summary = done(directory, args.steps)
    if summary is None and args.report_only:
        return None
    if summary is None:
        command = [args.satcirc, "train", "--lang", lang, "--layers", str(layers),
                   "--seed", str(seed), "--steps", str(args.steps), "-o", directory]
        if os.path.exists(os.path.join(directory, "checkpoint.pt")):
            command.append("--resume")  # an interrupted run, or one of fewer steps
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"train_table: {' '.join(command)} failed:\n{result.stderr}")
        summary = done(directory, args.steps)
    if summary is None:
        return None
    print(f"{lang:18} L{layers} seed {seed}: test {summary['score']:.4f}, "
          f"train {summary['train_accuracy']:.4f}", flush=True)
    return summary


def baseline(lang, lo=41, hi=500):
    """The mean test accuracy of the better constant answer: the checker's sample at n
    is half members when both classes exist at n, else one class only (accuracy 1)."""
    import satcirc
    language = satcirc.language(lang)
    k = len(language.alphabet)
    total = 0.0
    for n in range(lo, hi + 1):
        members = language.count(n)
        total += 0.5 if 0 < members < k ** n else 1.0
    return 100 * total / (hi - lo + 1)


def row(lang, layers, summaries):
    summaries = [s for s in summaries if s is not None]
    if not summaries:
        return f"| {lang} | {layers} | not run yet | | {baseline(lang):.1f} | | | {PUBLISHED.get(lang, '—')} |"
    scores = [100 * s["score"] for s in summaries]
    trains = [100 * s["train_accuracy"] for s in summaries]
    exps = [s["norm_growth_fit"]["exponent"] for s in summaries if s["norm_growth_fit"]]
    mean = sum(scores) / len(scores)
    spread = f"{min(scores):.1f}–{max(scores):.1f} ({len(scores)})"
    exponent = f"{sum(exps) / len(exps):.2f}" if exps else "—"
    return (f"| {lang} | {layers} | {mean:.1f} | {spread} | {baseline(lang):.1f} "
            f"| {sum(trains) / len(trains):.1f} | {exponent} | {PUBLISHED.get(lang, '—')} |")


def norm_figure(satcirc_module, lang, runs):
    """Norm growth ‖θ_t‖ − ‖θ_0‖ of every run of one language, log–log: a colour per
    seed, dashed for 2 layers, and Merrill et al.'s √t through the runs' mean endpoint."""
    series = []
    for (layers, seed), directory in sorted(runs.items()):
        with open(os.path.join(directory, "log.csv")) as f:
            rows = [line.split(",") for line in f.read().splitlines()[1:]]
        base = float(rows[0][3])
        points = [(int(r[0]), float(r[3]) - base) for r in rows if int(r[0]) > 0]
        series.append({"label": f"{layers} layer{'s' if layers > 1 else ''}, seed {seed}",
                       "x": [p[0] for p in points], "y": [p[1] for p in points],
                       "markers": False, "style": seed - 1, "dashed": layers > 1})
    ends = [s["y"][-1] for s in series if s["y"] and s["y"][-1] > 0]
    if ends:
        t = series[0]["x"]
        c = sum(ends) / len(ends) / t[-1] ** 0.5
        series.append({"label": "c·√t (Merrill et al.), through the mean endpoint",
                       "x": t, "y": [c * x ** 0.5 for x in t], "markers": False,
                       "dashed": True, "style": 6})  # black
    return satcirc_module.plot_svg(
        series, title=f"Parameter norm growth: {lang}", x_label="training step t",
        y_label="‖θ_t‖₂ − ‖θ_0‖₂", log_x=True, log_y=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--satcirc", default="build/tools/satcirc")
    parser.add_argument("--runs", default="runs/train")
    parser.add_argument("--langs", default=";".join(LANGS))
    parser.add_argument("--layers", default="1,2")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--markdown", help="write the table here")
    parser.add_argument("--report-only", action="store_true",
                        help="train nothing: the table of the finished runs")
    parser.add_argument("--figures", help="write one norm-growth SVG per language here")
    args = parser.parse_args()
    langs = args.langs.split(";")
    jobs = [(lang, int(k), int(s)) for lang in langs for k in args.layers.split(",")
            for s in args.seeds.split(",")]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        summaries = list(pool.map(lambda j: train(args, *j), jobs))
    lines = ["| language | layers | mean test accuracy 41..500 (%) | seeds' range (seeds) | "
             "constant answer (%) | train accuracy 1..40 (%) | norm growth exponent | "
             "published transformer (Delétang et al.) |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for lang in langs:
        for k in args.layers.split(","):
            mine = [s for j, s in zip(jobs, summaries) if j[0] == lang and j[1] == int(k)]
            lines.append(row(lang, int(k), mine))
    table = "\n".join(lines) + "\n"
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table)
    if args.figures:
        import satcirc
        os.makedirs(args.figures, exist_ok=True)
        for lang in langs:
            runs = {(k, s): run_dir(args, lang, k, s) for (l, k, s), summary in zip(jobs, summaries)
                    if l == lang and summary is not None}
            name = lang.replace(":", "_").replace(",", "_").replace("=", "")
            with open(os.path.join(args.figures, f"norm-{name}.svg"), "w") as f:
                f.write(norm_figure(satcirc, lang, runs))


if __name__ == "__main__":
    main()
