"""A satcirc model as a trainable PyTorch module, and a trained module back to a model file.

From a model file (docs/model-format.md, "satcirc-model/1") to a `torch.nn.Module`
that computes exactly what `satcirc run --engine float:C` computes (docs/semantics.md,
float:c; the reference is lib/engine/float_engine.cc): every head, whatever its mode
(saturated, hard_left, hard_right, softmax), is run as softmax(C * scale * (q . k))
over its mask, so as C grows the module tends to the saturated semantics (hard heads
become saturated, not hard). Weights are read exactly (fractions.Fraction: "1/3",
"0.1" = 1/10, 1.5e-3) and rounded once to the module's dtype. The weights are
`torch.nn.Parameter`s: `module.parameters()` and an optimizer train them.

Back from a module to a model file: `to_spec`, `to_json`, `save`, `to_model` write
every weight as the exact rational of the parameter's current float value (an integer
JSON number when integral, else a string "p/q"), and everything else (names, alphabet,
features, modes, masks, head scales, positional features, layer norm, readout
position, description, integer_bits) as it was read. A model whose weights are all
floats of the module's dtype (the zoo's dyadic weights in float64) comes back as the
same model; a weight that was not ("1/3", "0.1") comes back as the exact rational of
the nearest float, e.g. 6004799503160661/18014398509481984 for "1/3" in float64.

Usage (this module needs only torch and the standard library):

    from satcirc import torch as st      # or import this file directly
    model = st.load("parity.json", scale=1000)       # satcirc zoo parity -o parity.json
    tokens = st.encode(model, ["0110111", "0110110"])  # LongTensor [2, 7]
    y = model(tokens)                                  # float64 [2]: the readout
    st.accept(model, ["0110111", "0110110"])           # [True, False]
    st.save(model, "parity-trained.json")              # after training, say

All strings of one batch must have the same length. Parameters are named after their
layer and head (l0h1_wq, l0_w1, embedding, readout_w, readout_b, ...).
"""

import json
import os
import tempfile
from fractions import Fraction

import torch

FORMAT = "satcirc-model/1"

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
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    return Fraction(value) if not isinstance(value, Fraction) else value


def _matrix(rows, cols, dtype):
    """An array of rows as a [len(rows), cols] tensor; [] is a 0 x cols matrix."""
    rows = [[float(_exact(v)) for v in row] for row in rows]
    return torch.tensor(rows, dtype=dtype).reshape(len(rows), cols)


def _vector(values, dtype):
    """An array of numbers as a 1-D tensor."""
    return torch.tensor([float(_exact(v)) for v in values], dtype=dtype)


def _number(value):
    """A float as JSON: its exact rational, an int when integral, else "p/q"."""
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"a weight is {value}: a model file holds only finite rationals")
    r = Fraction(value)  # exact: every finite float is a dyadic rational
    return r.numerator if r.denominator == 1 else f"{r.numerator}/{r.denominator}"


def _rows(tensor):
    """A 2-D parameter as an array of rows of JSON numbers ([] when it has no rows)."""
    return [[_number(v) for v in row] for row in tensor.detach().cpu().tolist()]


def _values(tensor):
    """A 1-D parameter as an array of JSON numbers."""
    return [_number(v) for v in tensor.detach().cpu().tolist()]


def _hard_weights(s, best, allowed, mode):
    """Attention weights of a saturated or hard head: the argmax set (exact float ties)."""
    ties = ((s == best) & allowed).to(s.dtype)  # [batch, p, q]
    if mode == "hard_left" or mode == "hard_right":
        q = torch.arange(s.shape[-1])
        order = q if mode == "hard_right" else -q  # the largest (smallest) member wins
        pick = torch.where(ties > 0, order.to(s.dtype), float("-inf")).argmax(-1)
        return torch.nn.functional.one_hot(pick, s.shape[-1]).to(s.dtype) * ties.amax(-1, True)
    return ties / ties.sum(-1, keepdim=True).clamp(min=1)  # saturated: the uniform average


def _masks(total):
    """The allowed (p, q) pairs of each mask at total length N: [p, q] bool matrices."""
    p = torch.arange(total)
    return {"none": torch.ones(total, total, dtype=torch.bool),
            "causal": p[None, :] <= p[:, None],  # q <= p
            "strict": p[None, :] < p[:, None],
            "future": p[None, :] > p[:, None]}


class SatcircModel(torch.nn.Module):
    """One satcirc model; forward(tokens [batch, n]) -> readout y [batch].

    The weights are parameters; the rest of the model file is kept in attributes
    (spec_header, head_specs, ...) so that to_spec() can write the module back."""

    def __init__(self, spec, scale=1.0, dtype=torch.float64, hard=False):
        super().__init__()
        # hard: the heads' own modes (saturated, hard_left, hard_right) on exact
        # float ties, as the exact engines define them, instead of softmax(c s).
        self.hard = hard
        if not (scale > 0 and scale < float("inf")):
            raise ValueError(f"float:{scale}: the logit scale must be positive and finite")
        if spec.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file: format {spec.get('format')!r}")
        self.scale = float(scale)  # c, the logit scale
        self._read_header(spec)
        emb = spec["token_embedding"]
        d = len(self.features)
        self.embedding = torch.nn.Parameter(_matrix([emb[t] for t in self.tokens], d, dtype))
        self.heads, self.mlps = [], []  # per layer: [head dict], bool (has an MLP)
        self.b2_empty = []  # per layer: the file wrote "b2": [] (zero)
        for l, layer in enumerate(spec["layers"]):
            self._read_layer(l, layer, d, dtype)
        readout = spec["readout"]
        self.readout_position = readout["position"]
        self.readout_first = readout["position"] in ("first", "bos")
        self.readout_w = torch.nn.Parameter(_vector(readout["weights"], dtype))
        self.readout_b = torch.nn.Parameter(_vector([readout.get("bias", 0)], dtype))

    def _read_header(self, spec):
        """Everything but the weights: names, alphabet, BOS/EOS, features, positional, LN."""
        self.name = spec.get("name", "")
        self.description = spec.get("description", "")
        self.alphabet = spec["alphabet"]
        self.bos, self.eos = spec.get("bos", False), spec.get("eos", False)
        self.integer_bits = spec.get("integer_bits")  # None: the default, 32
        self.features = list(spec["features"])
        # Token ids: the alphabet in order, then <bos>, then <eos>.
        self.tokens = list(self.alphabet) + ["<bos>"] * self.bos + ["<eos>"] * self.eos
        self.positional_spec = [(p["feature"], p["function"])
                                for p in spec.get("positional", [])]
        self.positional = [(self.features.index(f), POSITIONAL[fn])
                           for f, fn in self.positional_spec]
        ln = spec.get("layer_norm", {"placement": "none"})
        self.ln_placement = ln["placement"]  # none, pre or post
        self.ln_epsilon_exact = _exact(ln.get("epsilon", "1/100000"))
        self.ln_epsilon = float(self.ln_epsilon_exact)

    def _param(self, name, tensor):
        """Registers tensor as the trainable parameter `name`."""
        setattr(self, name, torch.nn.Parameter(tensor))

    def _read_layer(self, l, layer, d, dtype):
        """Layer l's heads (parameters l{l}h{h}_wq ... _wo) and MLP (l{l}_w1 ... _b2)."""
        heads = []
        for h, head in enumerate(layer.get("heads", [])):
            prefix = f"l{l}h{h}_"
            dv = len(head["W_V"])
            self._param(prefix + "wq", _matrix(head["W_Q"], d, dtype))
            self._param(prefix + "wk", _matrix(head["W_K"], d, dtype))
            self._param(prefix + "wv", _matrix(head["W_V"], d, dtype))
            self._param(prefix + "wo", _matrix(head["W_O"] or [[]] * d, dv, dtype))
            scale = _exact(head.get("scale", 1))
            heads.append({"name": head.get("name", ""), "mask": head["mask"],
                          "mode": head.get("mode", "saturated"), "scale_exact": scale,
                          "scale": float(scale), "prefix": prefix})
        self.heads.append(heads)
        mlp = layer.get("mlp")
        # As in the engine: an MLP runs when it has hidden units or a bias b2.
        has_mlp = mlp is not None and (len(mlp["W1"]) > 0 or len(mlp["b2"]) > 0)
        if has_mlp:
            hidden = len(mlp["W1"])
            self._param(f"l{l}_w1", _matrix(mlp["W1"], d, dtype))
            self._param(f"l{l}_b1", _vector(mlp["b1"], dtype))
            self._param(f"l{l}_w2", _matrix(mlp["W2"] or [[]] * d, hidden, dtype))
            b2 = _vector(mlp["b2"], dtype) if mlp["b2"] else torch.zeros(d, dtype=dtype)
            self._param(f"l{l}_b2", b2)
        self.mlps.append(has_mlp)
        self.b2_empty.append(has_mlp and not mlp["b2"])

    def _ln(self, x):
        """Layer norm over the features: population variance, no gain or bias."""
        mean = x.mean(-1, keepdim=True)
        var = ((x - mean) ** 2).mean(-1, keepdim=True)
        return (x - mean) / torch.sqrt(var + self.ln_epsilon)

    def _check(self, x, where):
        """FloatingPointError on a NaN or infinity, as the engine's exit 2."""
        if not torch.isfinite(x).all():
            raise FloatingPointError(f"{self.name}: NaN or infinity in {where}")

    def _embed(self, tokens):
        """BOS/EOS added, embedding plus positional features: x [batch, N, d]."""
        batch = tokens.shape[0]
        def special(name):  # a column of <bos> or <eos>
            return torch.full((batch, 1), self.tokens.index(name), dtype=torch.long)
        if self.bos:
            tokens = torch.cat([special("<bos>"), tokens], 1)
        if self.eos:
            tokens = torch.cat([tokens, special("<eos>")], 1)
        total = tokens.shape[1]  # N, counting BOS and EOS
        x = self.embedding[tokens]  # [batch, N, d]
        for f, function in self.positional:
            values = [float(function(p, total)) for p in range(total)]  # exact, then rounded
            x[:, :, f] += torch.tensor(values, dtype=x.dtype)
        return x

    def _head(self, a, head, allowed):
        """One head's contribution W_O (w @ V) to the stream, [batch, N, d]."""
        wq, wk, wv, wo = (getattr(self, head["prefix"] + w) for w in ("wq", "wk", "wv", "wo"))
        s = head["scale"] * (a @ wq.T) @ (a @ wk.T).transpose(1, 2)  # [batch, p, q]
        s = s.masked_fill(~allowed, float("-inf"))
        empty = ~allowed.any(-1, keepdim=True)  # rows with no position: the zero vector
        best = s.amax(-1, keepdim=True).detach()  # softmax(s - best) does not depend on best
        if self.hard:
            w = _hard_weights(s, best, allowed, head["mode"])
        else:
            # softmax(c s), stably; an empty row gets finite scores (no NaN, even in
            # the gradient), then weight 0.
            shifted = (s - best).masked_fill(empty, 0)
            w = torch.softmax(self.scale * shifted, -1)
        w = w.masked_fill(empty, 0)
        return (w @ (a @ wv.T)) @ wo.T

    def _mlp(self, l, x, pre):
        """x + W2 ReLU(W1 x + b1) + b2 (reading LN(x) with pre layer norm)."""
        h = self._ln(x) if pre else x
        h = torch.relu(h @ getattr(self, f"l{l}_w1").T + getattr(self, f"l{l}_b1"))
        return x + h @ getattr(self, f"l{l}_w2").T + getattr(self, f"l{l}_b2")

    def forward(self, tokens):
        """tokens: LongTensor [batch, n] of symbol ids (encode()); returns y [batch]."""
        batch = tokens.shape[0]
        if tokens.shape[1] + self.bos + self.eos == 0:  # the empty input: y = bias
            return self.readout_b.expand(batch).clone()
        x = self._embed(tokens)
        self._check(x, "the embedding")
        total = x.shape[1]
        pre, post = self.ln_placement == "pre", self.ln_placement == "post"
        allowed = _masks(total)
        for l, heads in enumerate(self.heads):
            a = self._ln(x) if pre else x  # every head reads the stream before the layer
            out = x
            for head in heads:
                out = out + self._head(a, head, allowed[head["mask"]])
            x = self._ln(out) if post else out
            self._check(x, f"layer {l + 1} (attention)")
            if self.mlps[l]:
                x = self._mlp(l, x, pre)
                x = self._ln(x) if post else x
                self._check(x, f"layer {l + 1} (mlp)")
        xr = x[:, 0 if self.readout_first else total - 1]
        if pre:
            xr = self._ln(xr)
        y = xr @ self.readout_w + self.readout_b
        self._check(y, "the readout")
        return y


def from_spec(spec, scale=1.0, dtype=torch.float64, hard=False):
    """A parsed model file (a dict; weights as numbers, Fractions or strings) as a module
    at logit scale c = scale (hard=True: the heads' saturated or hard attention on exact
    float ties instead of softmax; the scale is then unused)."""
    return SatcircModel(spec, scale, dtype, hard)


def from_json(text, scale=1.0, dtype=torch.float64, hard=False):
    """Model-file JSON text as a module; JSON decimals are read exactly (0.1 = 1/10)."""
    return from_spec(json.loads(text, parse_float=Fraction), scale, dtype, hard)


def load(path, scale=1.0, dtype=torch.float64, hard=False):
    """Reads a model file into a module (from_spec for the arguments)."""
    with open(path) as f:
        return from_json(f.read(), scale, dtype, hard)


def from_model(model, scale=1.0, dtype=torch.float64, hard=False):
    """A satcirc.Model (or any object whose .to_json() returns model-file text)."""
    return from_json(model.to_json(), scale, dtype, hard)


def _head_spec(module, head):
    """One head of the spec: its kept fields and its parameters' current values."""
    p = head["prefix"]
    scale = head["scale_exact"]
    return {"name": head["name"], "mask": head["mask"], "mode": head["mode"],
            "scale": scale.numerator if scale.denominator == 1 else str(scale),
            "W_Q": _rows(getattr(module, p + "wq")), "W_K": _rows(getattr(module, p + "wk")),
            "W_V": _rows(getattr(module, p + "wv")), "W_O": _rows(getattr(module, p + "wo"))}


def _mlp_spec(module, l):
    """Layer l's MLP; b2 is written [] when the file had [] and it is still zero."""
    b2 = getattr(module, f"l{l}_b2")
    keep_empty = module.b2_empty[l] and not bool((b2 != 0).any())
    return {"W1": _rows(getattr(module, f"l{l}_w1")), "b1": _values(getattr(module, f"l{l}_b1")),
            "W2": _rows(getattr(module, f"l{l}_w2")), "b2": [] if keep_empty else _values(b2)}


def _header_spec(module):
    """format ... features: everything of the spec before the embedding."""
    spec = {"format": FORMAT, "name": module.name, "description": module.description,
            "alphabet": module.alphabet, "bos": module.bos, "eos": module.eos}
    if module.ln_placement != "none":
        eps = module.ln_epsilon_exact
        spec["layer_norm"] = {"placement": module.ln_placement,
                              "epsilon": eps.numerator if eps.denominator == 1 else str(eps)}
    if module.integer_bits is not None:
        spec["integer_bits"] = module.integer_bits
    spec["features"] = list(module.features)
    return spec


def to_spec(module):
    """The module as a satcirc-model/1 spec (a dict ready for json.dumps).

    Every weight is the exact rational of the parameter's current float value: an int
    when integral, else a string "p/q" (fractions.Fraction(float(v)) is exact). So a
    model whose weights were floats of the module's dtype (dyadic, like the zoo's, in
    float64) comes back as the same model, and a trained module's file computes, in
    the exact and float engines, with exactly the weights the module had. A weight
    that was not such a float ("1/3", "0.1") was rounded when the module was built
    and comes back as that float's rational (1/3 -> 6004799503160661/2^54 in
    float64). A NaN or infinite weight raises ValueError."""
    spec = _header_spec(module)
    spec["token_embedding"] = {t: row for t, row in zip(module.tokens, _rows(module.embedding))}
    spec["positional"] = [{"feature": f, "function": fn} for f, fn in module.positional_spec]
    layers = []
    for l, heads in enumerate(module.heads):
        layer = {"heads": [_head_spec(module, head) for head in heads]}
        if module.mlps[l]:
            layer["mlp"] = _mlp_spec(module, l)
        layers.append(layer)
    spec["layers"] = layers
    spec["readout"] = {"position": module.readout_position,
                       "weights": _values(module.readout_w),
                       "bias": _values(module.readout_b)[0]}
    return spec


def _quote(text):
    """A JSON string as lib/base/json.cc's Quote writes it (UTF-8 kept, controls escaped)."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return '"' + "".join(escapes.get(c, f"\\u{ord(c):04x}" if ord(c) < 0x20 else c)
                         for c in text) + '"'


def _num(value):
    """A to_spec() number as JSON: an int as is, a "p/q" string quoted."""
    return _quote(value) if isinstance(value, str) else str(value)


def _line(values):
    """A vector on one line: [1, "-1/2", 0]."""
    return "[" + ", ".join(_num(v) for v in values) + "]"


def _block(rows, indent):
    """A matrix as WriteModel writes it: [] without rows, else one row a line."""
    if not rows:
        return "[]"
    return "[\n" + ",\n".join(indent + "  " + _line(r) for r in rows) + "\n" + indent + "]"


def _head_text(head):
    """One head, four indents deep, its fields five (WriteHead)."""
    i4, i5 = " " * 8, " " * 10
    fields = [f'"name": {_quote(head["name"])}', f'"mask": {_quote(head["mask"])}',
              f'"mode": {_quote(head["mode"])}', f'"scale": {_num(head["scale"])}']
    fields += [f'"{key}": {_block(head[key], i5)}' for key in ("W_Q", "W_K", "W_V", "W_O")]
    return i4 + "{\n" + ",\n".join(i5 + f for f in fields) + "\n" + i4 + "}"


def _layer_text(layer):
    """One layer, two indents deep: its heads, then its MLP when it has one (WriteLayer)."""
    i2, i3, i4 = " " * 4, " " * 6, " " * 8
    heads = ",\n".join(_head_text(h) for h in layer["heads"])
    text = i2 + "{\n" + i3 + '"heads": [' + (f"\n{heads}\n{i3}]" if heads else "]")
    if "mlp" in layer:
        mlp = layer["mlp"]
        text += (f',\n{i3}"mlp": {{\n{i4}"W1": {_block(mlp["W1"], i4)},\n'
                 f'{i4}"b1": {_line(mlp["b1"])},\n{i4}"W2": {_block(mlp["W2"], i4)},\n'
                 f'{i4}"b2": {_line(mlp["b2"])}\n{i3}}}')
    return text + "\n" + i2 + "}"


def _canonical_text(spec):
    """A to_spec() dict in the binary's layout (lib/model/model_io.cc, WriteModel): the
    canonical text, byte for byte, of the model the binary reads from it."""
    out = ["{"]
    for key in ("format", "name", "description", "alphabet"):
        out.append(f'  "{key}": {_quote(spec[key])},')
    out += [f'  "bos": {str(spec["bos"]).lower()},', f'  "eos": {str(spec["eos"]).lower()},']
    if "layer_norm" in spec:
        ln = spec["layer_norm"]
        out.append(f'  "layer_norm": {{"placement": {_quote(ln["placement"])}, '
                   f'"epsilon": {_num(ln["epsilon"])}}},')
    if spec.get("integer_bits", 32) != 32:
        out.append(f'  "integer_bits": {spec["integer_bits"]},')
    out.append('  "features": [' + ", ".join(_quote(f) for f in spec["features"]) + "],")
    emb = [f"    {_quote(t)}: {_line(row)}" for t, row in spec["token_embedding"].items()]
    out.append('  "token_embedding": {\n' + ",\n".join(emb) + "\n  },")
    pos = [f'    {{"feature": {_quote(p["feature"])}, "function": {_quote(p["function"])}}}'
           for p in spec["positional"]]
    out.append('  "positional": [' + ("\n" + ",\n".join(pos) + "\n  ]," if pos else "],"))
    layers = ",\n".join(_layer_text(layer) for layer in spec["layers"])
    out.append('  "layers": [' + ("\n" + layers + "\n  ]," if layers else "],"))
    r = spec["readout"]
    out.append(f'  "readout": {{"position": {_quote(r["position"])}, "weights": '
               f'{_line(r["weights"])}, "bias": {_num(r["bias"])}}}')
    return "\n".join(out) + "\n}\n"


def to_json(module, as_model=False):
    """to_spec(module) as JSON text in the binary's canonical layout (WriteModel's: an
    untouched zoo model gives back the zoo's file byte for byte); as_model=True: the
    satcirc.Model of it instead (to_model)."""
    if as_model:
        return to_model(module)
    return _canonical_text(to_spec(module))


def save(module, path):
    """Writes to_json(module) to path through a temporary file in the same directory and
    os.replace: a failure leaves the old file (or none), never half a file."""
    text = to_json(module)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".satcirc-", suffix=".json.tmp")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def to_model(module):
    """The module as a satcirc.Model (needs the compiled extension, imported here)."""
    from satcirc import Model  # lazy: the rest of this module works without it
    return Model.from_json(to_json(module))


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
