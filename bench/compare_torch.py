"""Throughput of the float engine: python/satcirc/torch.py (PyTorch, batched) against `satcirc check`.

Usage:
    python3 bench/compare_torch.py SATCIRC [--mode float|hard] [--lengths 16,20] [--threads T]
                                   [--models majority,parity,dyck1] [--scale C] [--batch B]

SATCIRC is the satcirc binary (e.g. build/tools/satcirc); run it from the repository
root or anywhere (python/satcirc/torch.py is found relative to this script). For each zoo model
(written with `satcirc zoo NAME -o FILE` into a temporary directory) and each length n,
every string of length n over the model's alphabet goes through
  - the module of python/satcirc/torch.py at logit scale C (default 1000),
    float64, in batches of B strings (default 16384), torch.set_num_threads(T); timed:
    the forward passes after a warm-up call (the strings are made beforehand as one
    tensor, by integer arithmetic);
  - `satcirc check --model FILE --lang LANG --lengths n --engine float:C --threads T
    --json` (LANG from `satcirc zoo --json`); timed: the whole subprocess, wall clock,
    so it includes the process start, the language's membership tests and the report.
With --mode hard, the module runs the heads' own saturated or hard attention on float64
ties (SatcircModel(hard=True): what a user would write instead of the exact engine) and
`satcirc check` runs the exact engine (no --engine).
T defaults to the number of cores. It prints one table: strings per second of each and
their ratio, and whether the two agree on the number of accepted strings.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in python/satcirc
# The file itself, not the satcirc package (whose __init__ needs the compiled extension).
_spec = importlib.util.spec_from_file_location(
    "satcirc_torch", os.path.join(HERE, "..", "python", "satcirc", "torch.py"))
st = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(st)


def all_strings(alphabet_size, n):
    """Every string of length n as a LongTensor [k^n, n], in lexicographic order."""
    index = torch.arange(alphabet_size ** n, dtype=torch.long)[:, None]
    weights = alphabet_size ** torch.arange(n - 1, -1, -1, dtype=torch.long)
    return (index // weights) % alphabet_size


def time_torch(model, n, batch):  # noqa: D103
    tokens = all_strings(len(model.alphabet), n)
    with torch.no_grad():
        model(tokens[:64])  # warm-up: the first call pays for torch's initialization
    start = time.perf_counter()
    accepted = 0
    with torch.no_grad():
        for chunk in torch.split(tokens, batch):
            accepted += int((model(chunk) > 0).sum())
    return time.perf_counter() - start, accepted


def time_check(satcirc, path, lang, n, scale, threads, hard):
    command = [satcirc, "check", "--model", path, "--lang", lang, "--lengths", str(n),
               "--threads", str(threads), "--json", "--exhaustive-limit", str(1 << 30)]
    if not hard:
        command += ["--engine", f"float:{scale}"]
    start = time.perf_counter()
    p = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if p.returncode not in (0, 1):  # 1: the model disagrees with the language somewhere
        sys.exit(f"compare_torch: {' '.join(command)} failed: {p.stderr}")
    r = json.loads(p.stdout)["lengths"][0]
    assert r["mode"] == "exhaustive", r
    return seconds, r["members"] - r["false_rejects"] + r["false_accepts"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("satcirc")
    parser.add_argument("--lengths", default="16,20")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--models", default="majority,parity,dyck1")
    parser.add_argument("--scale", type=float, default=1000)
    parser.add_argument("--batch", type=int, default=16384)
    parser.add_argument("--mode", choices=["float", "hard"], default="float")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    languages = {z["name"]: z["language"] for z in json.loads(subprocess.run(
        [args.satcirc, "zoo", "--json"], check=True, capture_output=True, text=True).stdout)}
    scale = f"{args.scale:g}"
    hard = args.mode == "hard"
    what = "hard attention (torch) vs exact (check)" if hard else f"float:{scale}"
    print(f"{what}, float64, {args.threads} threads (torch {torch.__version__}, "
          f"torch.get_num_threads() = {torch.get_num_threads()})")
    header = (f"{'model':<10} {'n':>3} {'strings':>9}  {'torch s':>8} {'torch str/s':>12}  "
              f"{'check s':>8} {'check str/s':>12}  {'check/torch':>11}  accepted")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models.split(","):
            path = os.path.join(tmp, name + ".json")
            subprocess.run([args.satcirc, "zoo", name, "-o", path], check=True)
            model = st.load(path, args.scale, hard=hard)
            for n in map(int, args.lengths.split(",")):
                strings = len(model.alphabet) ** n
                t_torch, acc_torch = time_torch(model, n, args.batch)
                t_check, acc_check = time_check(args.satcirc, path, languages[name], n, scale,
                                                args.threads, hard)
                agree = "same" if acc_torch == acc_check else f"DIFFER {acc_torch} vs {acc_check}"
                print(f"{name:<10} {n:>3} {strings:>9}  "
                      f"{t_torch:>8.2f} {strings / t_torch:>12,.0f}  "
                      f"{t_check:>8.2f} {strings / t_check:>12,.0f}  "
                      f"{t_torch / t_check:>11.1f}  "
                      f"{acc_check} ({agree})", flush=True)


if __name__ == "__main__":
    main()
