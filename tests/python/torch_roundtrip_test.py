"""python/satcirc/torch.py both ways: model file -> trainable module -> model file.

Usage: python3 tests/python/torch_roundtrip_test.py SATCIRC_BINARY [REPO_ROOT]
Exit 0 when everything holds, 1 on a failure, 77 (skipped) without torch.

(a) Every zoo model and a hand-written one with every optional key: file -> module ->
    save -> file is the same model: the binary's canonical form of both files is the
    same (compared through the model fingerprint that `satcirc check --checkpoint`
    writes: FNV-1a of WriteModel's text), to_json's text is that canonical text (for
    a zoo model, the zoo's file byte for byte), and the module read back from the
    written file gives the original module's y bit for bit on every string of length
    <= 5 (float:1000 and the hard mode). Plus: a weight
    "1/3" comes back as its float64's exact rational, "b2": [] stays [] while zero,
    save() never leaves half a file, from_model/to_model take duck-typed models.
(b) Gradients: a loss on y, backward; every parameter of every zoo model and of the
    hand-written one gets a finite gradient of its own shape.
(c) Training: a hand-written MAJORITY model with a softmax head and seeded random
    dyadic weights, Adam on every string of length 1..8 (float64, one thread) until
    every string is decided right with margin; save(), then `satcirc check --engine
    float:1 --lengths 1..8` must find no disagreement with the language, which the
    module decides right on every string: the file decides as the module does.
"""

import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import types

try:
    import torch
except ImportError:
    print("skipped: this python3 cannot import torch")
    sys.exit(77)

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_file import SATCIRC, st  # noqa: E402

MAX_LENGTH = 5  # (a): every string up to this length
TRAIN_LENGTHS = range(1, 9)  # (c)
MAX_STEPS = 500
MARGIN = 1 / 32  # (c): train until y * label >= MARGIN on every string
NEAR_ZERO = 1e-9


def satcirc(*args, ok=(0,)):
    p = subprocess.run([SATCIRC, *args], capture_output=True, text=True)
    if p.returncode not in ok:
        raise RuntimeError(f"satcirc {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p


def canonical_fingerprint(path, lang, tmp):
    """The fingerprint of the binary's canonical form of the model file at path."""
    journal = os.path.join(tmp, "fingerprint.journal")
    if os.path.exists(journal):
        os.unlink(journal)
    satcirc("check", "--model", path, "--lang", lang, "--lengths", "0", "--engine",
            "float:1", "--checkpoint", journal, ok=(0, 1))
    with open(journal) as f:
        for line in f:
            if line.startswith("arg model "):
                return line.split()[2]
    raise RuntimeError(f"{journal}: no model line")


def fnv1a(data):
    """lib/check/journal.cc's Fingerprint: FNV-1a, 64 bits, 16 hex digits."""
    h = 14695981039346656037
    for byte in data:
        h = ((h ^ byte) * 1099511628211) % 2 ** 64
    return f"{h:016x}"


def all_y(module, max_length):
    """y of every string of length 0..max_length, one tensor per length."""
    ys = []
    with torch.no_grad():
        for n in range(max_length + 1):
            strings = ["".join(t) for t in itertools.product(module.alphabet, repeat=n)]
            ys.append(module(st.encode(module, strings)))
    return ys


def roundtrip(label, path, lang, tmp):
    """(a) for one model file; returns the number of failures."""
    failures = 0
    back = os.path.join(tmp, "back.json")
    module = st.load(path)
    st.save(module, back)
    want, got = canonical_fingerprint(path, lang, tmp), canonical_fingerprint(back, lang, tmp)
    with open(path, "rb") as f:
        original = f.read()
    if label.startswith("zoo:") and (fnv1a(original) != want or
                                      st.to_json(module).encode() != original):
        failures += 1  # the zoo writes canonical files, and so does to_json
        print(f"FAILED {label}: to_json's text is not the zoo's file")
    if want != got or fnv1a(st.to_json(module).encode()) != got:
        failures += 1
        print(f"FAILED {label}: canonical forms differ ({want} vs {got})")
    for scale, hard in [(1000, False), (1, True)]:
        a, b = st.load(path, scale, hard=hard), st.load(back, scale, hard=hard)
        for n, (ya, yb) in enumerate(zip(all_y(a, MAX_LENGTH), all_y(b, MAX_LENGTH))):
            if not torch.equal(ya, yb):
                failures += 1
                print(f"FAILED {label} scale {scale} hard {hard} n = {n}: y differs")
    if not failures:
        print(f"{label}: the same canonical model ({got}), to_json writes its canonical "
              f"text, the same y up to n = {MAX_LENGTH}")
    return failures


# Every optional part of the format, with weights that float64 holds exactly: layer
# norm, integer_bits, BOS/EOS, positional features, a softmax head with scale 3/2, a
# d_v = 0 head (W_O d x 0), a d_k = 0 head, "b2": [], an MLP without hidden units but
# with a b2, a layer without heads, and a description that needs escapes.
DYADIC_MODEL = {
    "format": "satcirc-model/1", "name": "dyadic", "description": "a \"test\"\n\tmodel",
    "alphabet": "ab", "bos": True, "eos": True, "integer_bits": 16,
    "layer_norm": {"placement": "post", "epsilon": "1/1024"},
    "features": ["a", "b", "p"],
    "token_embedding": {"a": [1, 0, "1/2"], "b": [0, 1, "-3/4"], "<bos>": [0, 0, 1],
                        "<eos>": [1, 1, 0]},
    "positional": [{"feature": "p", "function": "position_fraction"},
                   {"feature": "a", "function": "alternating"}],
    "layers": [
        {"heads": [{"name": "soft", "mask": "causal", "mode": "softmax", "scale": "3/2",
                    "W_Q": [[1, 0, 1]], "W_K": [[0, 1, "1/8"]], "W_V": [[1, -1, 0]],
                    "W_O": [[0], ["1/2"], [1]]},
                   {"mask": "strict", "mode": "hard_right", "W_Q": [], "W_K": [],
                    "W_V": [], "W_O": [[], [], []]}],
         "mlp": {"W1": [[1, 1, 0]], "b1": ["-1/4"], "W2": [[1], [0], [0]], "b2": []}},
        {"mlp": {"W1": [], "b1": [], "W2": [], "b2": [0, "1/16", 0]}}],
    "readout": {"position": "eos", "weights": [1, "-1/2", 2], "bias": "-1/8"},
}


def gradients(label, path):
    """(b) for one model: every parameter gets a finite gradient of its shape."""
    module = st.load(path, 1.0)
    loss = 0
    for n in range(1, 5):
        strings = ["".join(t) for t in itertools.product(module.alphabet, repeat=n)]
        loss = loss + (module(st.encode(module, strings)) ** 2).sum()
    loss.backward()
    failures = 0
    for pname, p in module.named_parameters():
        if p.grad is None or p.grad.shape != p.shape or not torch.isfinite(p.grad).all():
            failures += 1
            print(f"FAILED {label}: parameter {pname} {tuple(p.shape)} has grad "
                  f"{None if p.grad is None else tuple(p.grad.shape)}")
    count = sum(1 for _ in module.parameters())
    if not failures:
        print(f"{label}: {count} parameters, every one with a finite gradient")
    return failures


def majority_spec(seed):
    """A MAJORITY model to train: one softmax head, weights k/64 drawn from a seed."""
    rng = random.Random(seed)
    def r():
        return f"{rng.randint(-32, 32)}/64"
    return {"format": "satcirc-model/1", "name": "majority-trained", "alphabet": "01",
            "description": "trained by tests/python/torch_roundtrip_test.py",
            "features": ["one", "zero", "const", "mean"],
            "token_embedding": {"0": [0, 1, 1, 0], "1": [1, 0, 1, 0]},
            "layers": [{"heads": [{"name": "mean", "mask": "none", "mode": "softmax",
                                   "W_Q": [[r() for _ in range(4)]],
                                   "W_K": [[r() for _ in range(4)]],
                                   "W_V": [[r() for _ in range(4)]],
                                   "W_O": [[r()] for _ in range(4)]}]}],
            "readout": {"position": "last", "weights": [r() for _ in range(4)], "bias": r()}}


def majority_data(module):
    """Every string of the training lengths, labels +1 (#1 > #0) or -1."""
    data = []
    for n in TRAIN_LENGTHS:
        strings = ["".join(t) for t in itertools.product("01", repeat=n)]
        labels = [1.0 if s.count("1") > s.count("0") else -1.0 for s in strings]
        data.append((st.encode(module, strings), torch.tensor(labels, dtype=torch.float64)))
    return data


def train(module, data):
    """Adam on the hinge loss relu(MARGIN - label * y) until no string is within MARGIN;
    returns the number of steps taken, or None."""
    optimizer = torch.optim.Adam(module.parameters(), lr=0.05)
    total = sum(len(labels) for _, labels in data)
    for step in range(1, MAX_STEPS + 1):
        optimizer.zero_grad()
        loss = sum(torch.relu(MARGIN - labels * module(tokens)).sum()
                   for tokens, labels in data) / total
        if loss.item() == 0:
            return step - 1
        loss.backward()
        optimizer.step()
    return None


def check_trained(path, module, data):
    """(c)'s verdict: the saved file against the language with `satcirc check`."""
    failures = 0
    with torch.no_grad():
        ys = [module(tokens) for tokens, _ in data]
    wrong = sum(int(((y > 0) != (labels > 0)).sum()) for y, (_, labels) in zip(ys, data))
    near = sum(int((y.abs() <= NEAR_ZERO).sum()) for y in ys)
    report = json.loads(satcirc("check", "--model", path, "--lang", "majority", "--engine",
                                "float:1", "--lengths", "1..8", "--json", ok=(0, 1)).stdout)
    errors = sum(r["false_accepts"] + r["false_rejects"] for r in report["lengths"])
    checked = sum(r["checked"] for r in report["lengths"])
    if wrong or errors or not report["holds"] or checked != sum(len(l) for _, l in data):
        failures += 1
        print(f"FAILED training: module wrong on {wrong}, satcirc check wrong on {errors}")
    reloaded = st.load(path, 1.0)
    with torch.no_grad():
        if any(not torch.equal(reloaded(t), y) for (t, _), y in zip(data, ys)):
            failures += 1
            print("FAILED training: the saved file's module computes another y")
    print(f"majority-trained: module and `satcirc check --engine float:1` right on all "
          f"{checked} strings of length 1..8; {near} with |y| <= {NEAR_ZERO}; the smallest "
          f"|y| {min(float(y.abs().min()) for y in ys):.4g} (module), "
          f"{min(r['min_abs_y'] for r in report['lengths']):.4g} (check)")
    return failures


def training(tmp):
    """(c): train a seeded MAJORITY model, save it, check the file with the binary."""
    torch.manual_seed(0)
    torch.set_num_threads(1)
    module = st.from_spec(majority_spec(seed=1), scale=1.0)
    data = majority_data(module)
    start = time.time()
    steps = train(module, data)
    if steps is None:
        print(f"FAILED training: not every string decided with margin after {MAX_STEPS} steps")
        return 1
    print(f"majority-trained: every string of length 1..8 right with margin {MARGIN} "
          f"after {steps} Adam steps ({time.time() - start:.1f} s)")
    path = os.path.join(tmp, "majority-trained.json")
    st.save(module, path)
    return check_trained(path, module, data)


def details(tmp):
    """Non-dyadic weights, "b2": [], save() on failure, duck-typed models."""
    failures = 0
    spec = {"format": "satcirc-model/1", "alphabet": "ab", "features": ["x", "y"],
            "token_embedding": {"a": ["1/3", 0], "b": [0, "0.1"]}, "layers": [
                {"mlp": {"W1": [[1, 0]], "b1": [0], "W2": [[1], [0]], "b2": []}}],
            "readout": {"position": "last", "weights": [1, 1]}}
    module = st.from_spec(spec)
    out = st.to_spec(module)
    expect = {"a": ["6004799503160661/18014398509481984", 0],  # the float64 nearest 1/3
              "b": [0, "3602879701896397/36028797018963968"]}   # and 1/10, exactly
    if out["token_embedding"] != expect or out["layers"][0]["mlp"]["b2"] != []:
        failures += 1
        print(f"FAILED details: {out['token_embedding']}, b2 {out['layers'][0]['mlp']['b2']}")
    with torch.no_grad():
        module.l0_b2[1] = 0.5
    if st.to_spec(module)["layers"][0]["mlp"]["b2"] != [0, "1/2"]:
        failures += 1
        print("FAILED details: a trained b2 is not written")
    path = os.path.join(tmp, "details.json")
    st.save(module, path)
    before = open(path).read()
    with torch.no_grad():
        module.readout_b[0] = float("nan")
    try:
        st.save(module, path)
        failures += 1
        print("FAILED details: a NaN weight was saved")
    except ValueError:
        pass
    if open(path).read() != before or len(os.listdir(tmp)) != 1:
        failures += 1
        print(f"FAILED details: a failed save changed the directory: {os.listdir(tmp)}")
    failures += duck_typed(spec)
    if not failures:
        print("details: 1/3 and 0.1 come back as their floats' rationals, b2 [] kept, "
              "a failed save leaves the old file, duck-typed from_model/to_model")
    return failures


def duck_typed(spec):
    """from_model takes any object with .to_json(); to_model imports satcirc.Model lazily
    (here a stand-in package, so the test needs no compiled extension)."""
    class FakeModel:
        def __init__(self, text):
            self.text = text
        def to_json(self):
            return self.text
        @staticmethod
        def from_json(text):
            return FakeModel(text)
    saved = sys.modules.get("satcirc")
    sys.modules["satcirc"] = types.SimpleNamespace(Model=FakeModel)
    try:
        module = st.from_model(FakeModel(json.dumps(spec)))
        model = st.to_model(module)
        again = st.from_model(model)
    finally:
        if saved is None:
            del sys.modules["satcirc"]
        else:
            sys.modules["satcirc"] = saved
    if not isinstance(model, FakeModel) or st.to_spec(again) != st.to_spec(module):
        print("FAILED details: from_model / to_model")
        return 1
    return 0


def main():
    zoo = json.loads(satcirc("zoo", "--json").stdout)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for entry in zoo:
            path = os.path.join(tmp, entry["name"] + ".json")
            satcirc("zoo", entry["name"], "-o", path)
            failures += roundtrip("zoo:" + entry["name"], path, entry["language"], tmp)
        path = os.path.join(tmp, "dyadic.json")
        with open(path, "w") as f:
            json.dump(DYADIC_MODEL, f)
        failures += roundtrip("dyadic (every optional key)", path, "anbn", tmp)
        for entry in zoo:
            path = os.path.join(tmp, entry["name"] + ".json")
            failures += gradients("zoo:" + entry["name"], path)
        failures += gradients("dyadic", os.path.join(tmp, "dyadic.json"))
    with tempfile.TemporaryDirectory() as tmp:
        failures += training(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        failures += details(tmp)
    print(f"{failures} failures" if failures else "torch_roundtrip: all hold")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
