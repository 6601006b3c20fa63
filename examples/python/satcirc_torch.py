"""A satcirc model file as a PyTorch module, with the float engine's semantics.

Loads a model file (docs/model-format.md, "satcirc-model/1") into a
`torch.nn.Module` that computes exactly what `satcirc run --engine float:C`
computes (docs/semantics.md, float:c; the reference is
lib/engine/float_engine.cc): every head, whatever its mode (saturated, hard_left,
hard_right, softmax), is run as softmax(C * scale * (q . k)) over its mask, so
as C grows the module tends to the saturated semantics (hard heads become
saturated, not hard). Weights are read exactly (fractions.Fraction: "1/3",
"0.1" = 1/10, 1.5e-3) and rounded once to the module's dtype.

Usage (the module needs only torch and the standard library):

    import satcirc_torch as st
    model = st.load("parity.json", scale=1000)       # satcirc zoo parity -o parity.json
    tokens = st.encode(model, ["0110111", "0110110"])  # LongTensor [2, 7]
    y = model(tokens)                                  # float64 [2]: the readout
    st.accept(model, ["0110111", "0110110"])           # [True, False]

All strings of one batch must have the same length. The module is an ordinary
torch.nn.Module whose weights are buffers named after their layer and head
(l0h1_wq, l0_w1, embedding, readout_w, ...): model.to(torch.float32) works, and
so does making a buffer require grad to differentiate y with respect to it.
"""

import json
from fractions import Fraction

import torch

# docs/semantics.md's catalogue of positional features: exact functions of p and N.
POSITIONAL = {
    "position": lambda p, n: Fraction(p),
    "position_fraction": lambda p, n: Fraction(p, n),
    "position_fraction_squared": lambda p, n: Fraction(p, n) ** 2,
    "inverse_position": lambda p, n: Fraction(1, p + 1),
    "alternating": lambda p, n: Fraction((-1) ** p),
    "is_first": lambda p, n: Fraction(int(p == 0)),
    "is_last": lambda p, n: Fraction(int(p == n - 1)),
    "constant": lambda p, n: Fraction(1),
}


def _exact(value):
    """A weight as an exact Fraction: a JSON number or a string "1/3", "0.1"."""
    return Fraction(value) if not isinstance(value, Fraction) else value


def _matrix(rows, cols, dtype):
    """An array of rows as a [len(rows), cols] tensor; [] is a 0 x cols matrix."""
    rows = [[float(_exact(v)) for v in row] for row in rows]
    return torch.tensor(rows, dtype=dtype).reshape(len(rows), cols)


def _vector(values, dtype):
    return torch.tensor([float(_exact(v)) for v in values], dtype=dtype)


def _hard_weights(s, best, allowed, mode):
    """Attention weights of a saturated or hard head: the argmax set (exact float ties)."""
    ties = ((s == best) & allowed).to(s.dtype)  # [batch, p, q]
    if mode == "hard_left" or mode == "hard_right":
        q = torch.arange(s.shape[-1])
        order = q if mode == "hard_right" else -q  # the largest (smallest) member wins
        pick = torch.where(ties > 0, order.to(s.dtype), float("-inf")).argmax(-1)
        return torch.nn.functional.one_hot(pick, s.shape[-1]).to(s.dtype) * ties.amax(-1, True)
    return ties / ties.sum(-1, keepdim=True).clamp(min=1)  # saturated: the uniform average


class SatcircModel(torch.nn.Module):
    """One satcirc model; forward(tokens [batch, n]) -> readout y [batch]."""

    def __init__(self, spec, scale, dtype=torch.float64, hard=False):
        super().__init__()
        # hard: the heads' own modes (saturated, hard_left, hard_right) on exact
        # float ties, as the exact engines define them, instead of softmax(c s).
        self.hard = hard
        if not (scale > 0 and scale < float("inf")):
            raise ValueError(f"float:{scale}: the logit scale must be positive and finite")
        if spec.get("format") != "satcirc-model/1":
            raise ValueError(f"not a satcirc-model/1 file: format {spec.get('format')!r}")
        self.scale = float(scale)  # c, the logit scale
        self.name = spec.get("name", "")
        self.alphabet = spec["alphabet"]
        self.bos, self.eos = spec.get("bos", False), spec.get("eos", False)
        self.features = spec["features"]
        d = len(self.features)
        # Token ids: the alphabet in order, then <bos>, then <eos>.
        self.tokens = list(self.alphabet) + ["<bos>"] * self.bos + ["<eos>"] * self.eos
        emb = spec["token_embedding"]
        self.register_buffer("embedding", _matrix([emb[t] for t in self.tokens], d, dtype))
        self.positional = [(self.features.index(p["feature"]), POSITIONAL[p["function"]])
                           for p in spec.get("positional", [])]
        ln = spec.get("layer_norm", {"placement": "none"})
        self.ln_placement = ln["placement"]  # none, pre or post
        self.ln_epsilon = float(_exact(ln.get("epsilon", "1/100000")))
        self.heads, self.mlps = [], []  # per layer: [(mask, head scale, name prefix)], bool
        for l, layer in enumerate(spec["layers"]):
            heads = []
            for h, head in enumerate(layer.get("heads", [])):
                prefix = f"l{l}h{h}_"
                dv = len(head["W_V"])
                self.register_buffer(prefix + "wq", _matrix(head["W_Q"], d, dtype))
                self.register_buffer(prefix + "wk", _matrix(head["W_K"], d, dtype))
                self.register_buffer(prefix + "wv", _matrix(head["W_V"], d, dtype))
                self.register_buffer(prefix + "wo", _matrix(head["W_O"] or [[]] * d, dv, dtype))
                heads.append((head["mask"], float(_exact(head.get("scale", 1))), prefix,
                              head.get("mode", "saturated")))
            self.heads.append(heads)
            mlp = layer.get("mlp")
            # As in the engine: an MLP runs when it has hidden units or a bias b2.
            has_mlp = mlp is not None and (len(mlp["W1"]) > 0 or len(mlp["b2"]) > 0)
            if has_mlp:
                hidden = len(mlp["W1"])
                self.register_buffer(f"l{l}_w1", _matrix(mlp["W1"], d, dtype))
                self.register_buffer(f"l{l}_b1", _vector(mlp["b1"], dtype))
                self.register_buffer(f"l{l}_w2", _matrix(mlp["W2"] or [[]] * d, hidden, dtype))
                b2 = _vector(mlp["b2"], dtype) if mlp["b2"] else torch.zeros(d, dtype=dtype)
                self.register_buffer(f"l{l}_b2", b2)
            self.mlps.append(has_mlp)
        readout = spec["readout"]
        self.readout_first = readout["position"] in ("first", "bos")
        self.register_buffer("readout_w", _vector(readout["weights"], dtype))
        self.register_buffer("readout_b", _vector([readout.get("bias", 0)], dtype))

    def _ln(self, x):
        """Layer norm over the features: population variance, no gain or bias."""
        mean = x.mean(-1, keepdim=True)
        var = ((x - mean) ** 2).mean(-1, keepdim=True)
        return (x - mean) / torch.sqrt(var + self.ln_epsilon)

    def _check(self, x, where):
        if not torch.isfinite(x).all():
            raise FloatingPointError(f"{self.name}: NaN or infinity in {where}")

    def forward(self, tokens):
        """tokens: LongTensor [batch, n] of symbol ids (encode()); returns y [batch]."""
        batch, n = tokens.shape
        dtype = self.embedding.dtype
        def special(name):  # a column of <bos> or <eos>
            return torch.full((batch, 1), self.tokens.index(name), dtype=torch.long)
        if self.bos:
            tokens = torch.cat([special("<bos>"), tokens], 1)
        if self.eos:
            tokens = torch.cat([tokens, special("<eos>")], 1)
        total = tokens.shape[1]  # N, counting BOS and EOS
        if total == 0:  # the empty input without BOS/EOS: y = bias
            return self.readout_b.expand(batch).clone()
        x = self.embedding[tokens]  # [batch, N, d]
        for f, function in self.positional:
            values = [float(function(p, total)) for p in range(total)]  # exact, then rounded
            x[:, :, f] += torch.tensor(values, dtype=dtype)
        self._check(x, "the embedding")
        pre, post = self.ln_placement == "pre", self.ln_placement == "post"
        p = torch.arange(total)
        allowed = {"none": torch.ones(total, total, dtype=torch.bool),
                   "causal": p[None, :] <= p[:, None],  # [p, q]: q <= p
                   "strict": p[None, :] < p[:, None],
                   "future": p[None, :] > p[:, None]}
        for l, heads in enumerate(self.heads):
            a = self._ln(x) if pre else x  # every head reads the stream before the layer
            out = x
            for mask, head_scale, prefix, mode in heads:
                wq, wk, wv, wo = (getattr(self, prefix + w) for w in ("wq", "wk", "wv", "wo"))
                s = head_scale * (a @ wq.T) @ (a @ wk.T).transpose(1, 2)  # [batch, p, q]
                s.masked_fill_(~allowed[mask], float("-inf"))
                best = s.amax(-1, keepdim=True)
                if self.hard:
                    w = _hard_weights(s, best, allowed[mask], mode)
                else:
                    w = torch.softmax(self.scale * (s - best), -1)  # softmax(c s), stably
                w.masked_fill_(~allowed[mask].any(-1, keepdim=True), 0)  # empty row: 0
                out = out + (w @ (a @ wv.T)) @ wo.T
            x = self._ln(out) if post else out
            self._check(x, f"layer {l + 1} (attention)")
            if self.mlps[l]:
                h = self._ln(x) if pre else x
                h = torch.relu(h @ getattr(self, f"l{l}_w1").T + getattr(self, f"l{l}_b1"))
                x = x + h @ getattr(self, f"l{l}_w2").T + getattr(self, f"l{l}_b2")
                x = self._ln(x) if post else x
                self._check(x, f"layer {l + 1} (mlp)")
        xr = x[:, 0 if self.readout_first else total - 1]
        if pre:
            xr = self._ln(xr)
        y = xr @ self.readout_w + self.readout_b
        self._check(y, "the readout")
        return y


def load(path, scale, dtype=torch.float64, hard=False):
    """Reads a model file (JSON numbers kept exact) into a SatcircModel at logit scale c
    (hard=True: the heads' saturated or hard attention instead; the scale is unused)."""
    with open(path) as f:
        spec = json.load(f, parse_float=Fraction)
    return SatcircModel(spec, scale, dtype, hard)


def encode(model, strings):
    """Strings over the model's alphabet, all of one length, as a LongTensor [batch, n]."""
    ids = {s: i for i, s in enumerate(model.alphabet)}
    if len({len(s) for s in strings}) > 1:
        raise ValueError("encode: the strings of one batch must have the same length")
    try:
        rows = [[ids[ch] for ch in s] for s in strings]
    except KeyError as e:
        raise ValueError(f"encode: {e.args[0]!r} is not in the alphabet {{{model.alphabet}}}")
    n = len(strings[0]) if strings else 0
    return torch.tensor(rows, dtype=torch.long).reshape(len(strings), n)


def accept(model, strings_or_tokens):
    """The decisions y > 0, as a list of bools, for strings or a token tensor."""
    tokens = strings_or_tokens
    if not isinstance(tokens, torch.Tensor):
        tokens = encode(model, list(tokens))
    with torch.no_grad():
        return (model(tokens) > 0).tolist()
