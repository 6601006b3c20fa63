#!/usr/bin/env python3
"""The extraction table of docs/extraction.md: for the trained networks of
bench/train_table.py (docs/training.md), per language, what each network computes on
every string of lengths 1..N: the trained network (float:1), its weights rounded to the
grid 2^-8 (satcirc quantize), the attention limit of the rounded network (satcirc limit,
exact engine) and its parameter limit (every parameter scaled by c -> infinity: satcirc
check --engine param-limit); the kinds of its heads in that limit (satcirc heads); and
the DFA L*
learns from the trained network (satcirc automaton) with whether it is the language's;
beside the accuracy of the better constant answer on the same strings (on all of Σⁿ
most strings are non-members of most of these languages).

Usage:
    bench/extraction_table.py [--satcirc build/tools/satcirc] [--runs runs/train]
                              [--out runs/extraction] [--layers 1] [--seeds 1,2,3]
                              [--lengths 1..10] [--lengths-large 1..6]
                              [--param-lengths 1..8] [--param-lengths-large 1..5]
                              [--max-states 100] [--jobs 1]
                              [--markdown FILE]

The per-run results are kept in OUT/<run>.json, so the table can be rebuilt without
running anything again (a run whose file exists is not redone).
"""

import argparse
import concurrent.futures
import functools
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_table import LANGS, run_dir  # noqa: E402


def satcirc(args, *command, ok_codes=(0,)):
    result = subprocess.run([args.satcirc, *command], capture_output=True, text=True)
    if result.returncode not in ok_codes:
        raise RuntimeError(f"satcirc {' '.join(command)}: {result.stderr.strip()}")
    return result


@functools.lru_cache(maxsize=None)
def alphabet_size(satcirc_path, lang):
    result = subprocess.run([satcirc_path, "count", "--lang", lang, "--lengths", "1",
                             "--json"], capture_output=True, text=True, check=True)
    return len(json.loads(result.stdout)["alphabet"])


def lengths_for(args, lang):
    """--lengths for a binary alphabet, --lengths-large for a larger one."""
    small = alphabet_size(args.satcirc, lang) <= 2
    return args.lengths if small else args.lengths_large


def param_lengths_for(args, lang):
    """The parameter limit's lengths: it computes on polynomials in c with GMP
    coefficients, about 50 times the float engine's time a string."""
    small = alphabet_size(args.satcirc, lang) <= 2
    return args.param_lengths if small else args.param_lengths_large


def accuracy(rows, key):
    strings = sum(r["strings"] for r in rows)
    return sum(r[key] for r in rows) / strings


def param_limit(args, rounded, lang, lengths):
    """The parameter limit's accuracy on every string of the lengths, and the
    states of its minimal DFA learned with those strings as evidence (None past
    --max-states)."""
    rows = json.loads(satcirc(args, "check", "--model", rounded, "--engine",
                              "param-limit", "--lang", lang, "--lengths", lengths,
                              "--exhaustive", "--json", ok_codes=(0, 1)).stdout)
    rows = rows["lengths"]
    wrong = sum(r["false_accepts"] + r["false_rejects"] for r in rows)
    auto = satcirc(args, "automaton", "--model", rounded, "--engine", "param-limit",
                   "--lang", lang, "--exhaustive-length", lengths.split("..")[-1],
                   "--max-states", str(args.max_states), "--json", ok_codes=(0, 2))
    states = json.loads(auto.stdout)["states"] if auto.returncode == 0 else None
    return 1 - wrong / sum(r["checked"] for r in rows), states


def extract(args, lang, layers, seed):
    directory = run_dir(args, lang, layers, seed)
    name = os.path.basename(directory)
    cache = os.path.join(args.out, name + ".json")
    rounded = os.path.join(args.out, name + "-grid8.json")
    if os.path.exists(cache):
        with open(cache) as f:
            result = json.load(f)
        if "param_dfa_states" not in result:  # a cache from before the column
            result["param_limit"], result["param_dfa_states"] = param_limit(
                args, rounded, lang, param_lengths_for(args, lang))
            with open(cache, "w") as f:
                json.dump(result, f)
            print(f"{name:24s} parameter limit {result['param_limit']:.4f}, DFA "
                  f"{result['param_dfa_states']}", flush=True)
        return result
    model = os.path.join(directory, "model.json")
    if not os.path.exists(model):
        return None
    lengths = lengths_for(args, lang)
    q = json.loads(satcirc(args, "quantize", "--model", model, "--round", "grid:8",
                           "-o", rounded, "--lengths", lengths, "--lang", lang,
                           "--json", "--threads", "1").stdout)
    lim = json.loads(satcirc(args, "limit", "--model", rounded, "--lengths",
                             lengths, "--lang", lang, "--json",
                             "--threads", "1").stdout)
    heads = json.loads(satcirc(args, "heads", "--model", rounded, "--lengths",
                               "8,16,32", "--samples", "20", "--lang", lang,
                               "--json").stdout)
    auto = satcirc(args, "automaton", "--model", model, "--lang", lang,
                   "--exhaustive-length", lengths.split("..")[-1],
                   "--max-states", str(args.max_states), "--threads", "1", "--json",
                   ok_codes=(0, 2))
    dfa = json.loads(auto.stdout) if auto.returncode == 0 else None
    result = {
        "lang": lang, "layers": layers, "seed": seed, "lengths": lengths,
        "trained": accuracy(q["lengths"], "original_right"),
        "rounded": accuracy(q["lengths"], "rounded_right"),
        "limit": accuracy(lim["lengths"], "limit_right"),
        "heads": [h["kind"] for h in heads["heads"]],
        "dfa_states": dfa["states"] if dfa else None,
        "dfa_equals": dfa["equals_language"] if dfa else None,
        "dfa_difference": dfa["difference"] if dfa else None,
    }
    result["param_limit"], result["param_dfa_states"] = param_limit(
        args, rounded, lang, param_lengths_for(args, lang))
    with open(cache, "w") as f:
        json.dump(result, f)
    print(f"{name:24s} trained {result['trained']:.4f}  rounded "
          f"{result['rounded']:.4f}  limit {result['limit']:.4f}  "
          f"heads {','.join(result['heads'])}  dfa {result['dfa_states']}",
          flush=True)
    return result


def dfa_text(r, max_states):
    if r["dfa_states"] is None:
        return f"> {max_states}"
    if r["dfa_equals"] is None:
        return str(r["dfa_states"])
    if r["dfa_equals"]:
        return f"{r['dfa_states']} (= L)"
    diff = r["dfa_difference"] or "ε"
    return f"{r['dfa_states']} (≠ L at {diff})" if len(diff) <= 12 else \
        f"{r['dfa_states']} (≠ L)"


def constant_answer(args, lang):
    """The better constant answer's accuracy on every string of the lengths."""
    counts = json.loads(satcirc(args, "count", "--lang", lang, "--lengths",
                                lengths_for(args, lang), "--json").stdout)["lengths"]
    right = sum(max(int(c["members"]), int(c["words"]) - int(c["members"]))
                for c in counts)
    return right / sum(int(c["words"]) for c in counts)


def table(args, results):
    lines = [f"| language | layers | lengths | constant answer | trained | "
             f"rounded 2⁻⁸ | limit | parameter limit ({args.param_lengths}; "
             f"{args.param_lengths_large} for 4 symbols), its DFA's states per seed | "
             "heads in the limit | "
             "DFA of the trained network, per seed |",
             "|---|---|---|---:|---:|---:|---:|---:|---|---|"]
    for lang in args.langs:
        for layers in args.layers:
            rs = [r for r in results if r and r["lang"] == lang and
                  r["layers"] == layers]
            if not rs:
                continue
            mean = lambda key: sum(r[key] for r in rs) / len(rs)  # noqa: E731
            kinds = {}
            for r in rs:
                for k in r["heads"]:
                    kinds[k] = kinds.get(k, 0) + 1
            heads = ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items()))
            dfas = "; ".join(dfa_text(r, args.max_states) for r in rs)
            param_states = ", ".join(
                str(r["param_dfa_states"]) if r["param_dfa_states"] else
                f"> {args.max_states}" for r in rs)
            lines.append(f"| {lang} | {layers} | {lengths_for(args, lang)} | "
                         f"{100 * constant_answer(args, lang):.1f} % | "
                         f"{100 * mean('trained'):.1f} % | "
                         f"{100 * mean('rounded'):.1f} % | {100 * mean('limit'):.1f} % | "
                         f"{100 * mean('param_limit'):.1f} % "
                         f"({param_states}) | "
                         f"{heads} | {dfas} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--satcirc", default="build/tools/satcirc")
    parser.add_argument("--runs", default="runs/train")
    parser.add_argument("--out", default="runs/extraction")
    parser.add_argument("--langs", default=";".join(LANGS))
    parser.add_argument("--layers", default="1")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--lengths", default="1..10",
                        help="every string of these lengths (binary alphabets)")
    parser.add_argument("--lengths-large", default="1..6",
                        help="the same for larger alphabets (4^10 is a million)")
    parser.add_argument("--param-lengths", default="1..8",
                        help="the parameter limit's lengths (binary alphabets)")
    parser.add_argument("--param-lengths-large", default="1..5",
                        help="the same for larger alphabets")
    parser.add_argument("--max-states", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--markdown", help="write the table here")
    args = parser.parse_args()
    args.langs = args.langs.split(";")
    args.layers = [int(x) for x in args.layers.split(",")]
    seeds = [int(x) for x in args.seeds.split(",")]
    os.makedirs(args.out, exist_ok=True)
    jobs = [(lang, layers, seed) for lang in args.langs for layers in args.layers
            for seed in seeds]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda j: extract(args, *j), jobs))
    text = table(args, results)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
