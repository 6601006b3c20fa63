#!/usr/bin/env python3
"""Training speed: `satcirc train` (C++, LibTorch) against the same network, batch and
optimizer written in Python PyTorch. One run of each; steps per second and their ratio.

Usage:
    PYTHONPATH=build/python python3 bench/compare_torch_train.py [--satcirc build/tools/satcirc]
        [--lang parity] [--layers 1] [--steps 1000] [--batch 128] [--threads 1]

Both sides:
  - the same initial weights: `satcirc train --steps 0` writes the initialized network as
    a model file, which the Python side reads (the C++ side starts from the same seed);
  - the same architecture (softmax heads, ReLU MLPs, positional features in their own
    residual dimensions, a readout at EOS, float64; the last layer computed at the EOS
    row only, as lib/train/net.cc does), the same batch (B strings of one length drawn
    uniformly from 1..40 per step), Adam (lr 1e-3), the logistic loss, LibTorch's
    intra-op threads set to T;
  - the data from satcirc's seeded samplers (the Python side through the satcirc module:
    half members, half uniform non-members per batch; the command also mixes in near
    misses), so both time sampling as well as the step.
Before timing, the Python network's readouts are checked against `satcirc run --engine
float:1` on the initial model file. Timed: the C++ side's training seconds from its summary.json (its step-0 log row and
the final evaluation excluded); the Python side's training loop, wall clock.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import torch

import satcirc


def weights(spec, name):
    return torch.tensor([[float(Fraction(v)) for v in row] for row in spec[name]],
                        dtype=torch.float64)


class Net(torch.nn.Module):
    """The network of a model file written by `satcirc train` (softmax heads, EOS readout)."""

    def __init__(self, spec):
        super().__init__()
        self.alphabet = spec["alphabet"]
        d = len(spec["features"])
        self.positional = [(spec["features"].index(p["feature"]), p["function"])
                           for p in spec.get("positional", [])]
        self.features = spec["features"]
        emb = spec["token_embedding"]
        rows = [emb[s] for s in self.alphabet] + [emb["<eos>"]]
        self.embedding = torch.nn.Parameter(weights({"e": rows}, "e"))
        self.layers = []
        for l, layer in enumerate(spec["layers"]):
            heads = []
            for h, head in enumerate(layer["heads"]):
                ps = [torch.nn.Parameter(weights(head, k)) for k in ("W_Q", "W_K", "W_V", "W_O")]
                for k, p in zip("qkvo", ps):
                    self.register_parameter(f"l{l}h{h}{k}", p)
                heads.append(ps)
            mlp = layer["mlp"]
            m = [torch.nn.Parameter(weights(mlp, "W1")),
                 torch.nn.Parameter(weights({"b": [mlp["b1"]]}, "b")[0]),
                 torch.nn.Parameter(weights(mlp, "W2")),
                 torch.nn.Parameter(weights({"b": [mlp["b2"]]}, "b")[0])]
            for k, p in zip(("w1", "b1", "w2", "b2"), m):
                self.register_parameter(f"l{l}{k}", p)
            self.layers.append((heads, m))
        self.readout_w = torch.nn.Parameter(weights({"w": [spec["readout"]["weights"]]}, "w")[0])
        self.readout_b = torch.nn.Parameter(torch.tensor([float(Fraction(spec["readout"]["bias"]))],
                                                         dtype=torch.float64))
        self.d = d

    def positions(self, total):
        pos = torch.zeros(total, self.d, dtype=torch.float64)
        for f, fn in self.positional:
            assert fn == "position_fraction", fn
            pos[:, f] = torch.arange(total, dtype=torch.float64) / total
        return pos

    def forward(self, tokens):
        batch = tokens.shape[0]
        eos = torch.full((batch, 1), len(self.alphabet), dtype=torch.long)
        ids = torch.cat([tokens, eos], 1)
        total = ids.shape[1]
        x = self.embedding[ids] + self.positions(total)
        allowed = torch.ones(total, total, dtype=torch.bool).tril()
        for l, (heads, (w1, b1, w2, b2)) in enumerate(self.layers):
            last = l + 1 == len(self.layers)
            q_in = x[:, -1:] if last else x
            mask = allowed[-1:] if last else allowed
            out = q_in
            for wq, wk, wv, wo in heads:
                s = (q_in @ wq.T) @ (x @ wk.T).transpose(1, 2)
                w = torch.softmax(s.masked_fill(~mask, float("-inf")), -1)
                out = out + (w @ (x @ wv.T)) @ wo.T
            x = out + torch.relu(out @ w1.T + b1) @ w2.T + b2
        return x[:, -1] @ self.readout_w + self.readout_b


def python_steps_per_second(spec, lang, steps, batch):
    net = Net(spec)
    adam = torch.optim.Adam(net.parameters(), lr=1e-3)
    rng = random.Random(1)
    index = {s: i for i, s in enumerate(spec["alphabet"])}
    start = time.perf_counter()
    for step in range(1, steps + 1):
        n = rng.randint(1, 40)
        members = lang.sample(n, batch // 2, seed=step, members=True) if lang.count(n) else []
        others = lang.sample(n, batch - len(members), seed=step, members=False)
        words = members + others
        tokens = torch.tensor([[index[c] for c in w] for w in words], dtype=torch.long)
        labels = torch.tensor([float(w in lang) for w in words], dtype=torch.float64)
        adam.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(tokens), labels)
        loss.backward()
        adam.step()
    return steps / (time.perf_counter() - start)


def same_network(spec, model):
    """The Python network computes what the model file does under float:1."""
    net = Net(spec)
    rng = random.Random(2)
    for n in (1, 7, 40):
        word = "".join(rng.choice(spec["alphabet"]) for _ in range(n))
        tokens = torch.tensor([[spec["alphabet"].index(c) for c in word]])
        y = float(net(tokens)[0])
        expected = float(satcirc.run(model, word, engine="float:1").y)
        assert abs(y - expected) <= 1e-9 * (1 + abs(expected)), (word, y, expected)


def satcirc_run(args, directory, steps):
    command = [args.satcirc, "train", "--lang", args.lang, "--layers", str(args.layers),
               "--steps", str(steps), "--batch", str(args.batch), "--threads",
               str(args.threads), "--log-every", str(max(steps, 1)), "--test-lengths",
               "none", "-o", directory, "--json"]
    return json.loads(subprocess.run(command, check=True, capture_output=True,
                                     text=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--satcirc", default="build/tools/satcirc")
    parser.add_argument("--lang", default="parity")
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        satcirc_run(args, os.path.join(tmp, "init"), 0)
        with open(os.path.join(tmp, "init", "model.json")) as f:
            spec = json.load(f, parse_float=Fraction)
        same_network(spec, satcirc.load(os.path.join(tmp, "init", "model.json")))
        cpp = satcirc_run(args, os.path.join(tmp, "run"), args.steps)
    cpp_rate = args.steps / cpp["seconds"]
    py_rate = python_steps_per_second(spec, satcirc.language(args.lang), args.steps,
                                      args.batch)
    print(f"{args.lang}, {args.layers} layer(s), batch {args.batch}, {args.steps} steps, "
          f"{args.threads} thread(s), float64")
    print(f"  satcirc train (C++, LibTorch)  {cpp_rate:8.1f} steps/s")
    print(f"  Python PyTorch                 {py_rate:8.1f} steps/s")
    print(f"  ratio satcirc / Python         {cpp_rate / py_rate:8.2f}")


if __name__ == "__main__":
    sys.exit(main())
