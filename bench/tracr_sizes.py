#!/usr/bin/env python3
"""tracr's compiled sizes for the library programs tracr can express.

Usage:
    python3 bench/tracr_sizes.py [--max-seq-len N] [--explain] [--programs] [--check]

tracr (DeepMind's RASP compiler, github.com/google-deepmind/tracr) turns a RASP program
into transformer weights. It needs JAX and dm-haiku, which cannot be installed where
this was written (Debian has no JAX), so the sizes here were NOT checked against a tracr
run. They re-derive tracr's sizing rules from reading its compiler (the snapshot read
was commit 9ce2b8c, 2024):

- Value sets (tracr/compiler/basis_inference.py). tokens take the vocabulary, indices
  0 … n−1 (n = max_seq_len), a SelectorWidth 0 … n; a Map or SequenceMap takes f of
  every input value (or pair), dropping ArithmeticErrors; a categorical Aggregate its
  input's set; a numerical Aggregate (a mean, its input must be 0/1) the set
  { v / l : v in the input's set, l = 1 … n } — that is {0} ∪ {1/l}, not every k/l.
- Residual dimensions (basis_inference.py, craft_model_to_transformer.py, assemble.py).
  One per value of each categorical SOp, one per numerical SOp, one per token plus the
  compiler's BOS and PAD tokens, one per index 0 … n−1 (always, used or not), one `one`
  direction (added by any attention head, two-input MLP or numerical MLP), and one per
  SelectorWidth (its head's output).
- Blocks (tracr/compiler/expr_to_craft_graph.py, tracr/craft/chamber/*.py).
  An Aggregate is one attention head (categorical_attn.py; softmax at inverse
  temperature 100, BOS taking the rows that select nothing). A SelectorWidth is a head
  plus an MLP (selector_width.py). Every Map and SequenceMap is an MLP, of hidden width
  (categorical_mlp.py, numerical_mlp.py):
    categorical → categorical Map: |output values| (a lookup table);
    categorical → numerical Map: 1;
    numerical → anything Map: 2k − 1, k the input values f is defined on
        (a ReLU pair per threshold between neighbouring values, plus one);
    categorical SequenceMap: |values of x| · |values of y| (one unit per pair);
    LinearSequenceMap (numerical): 4;
    SelectorWidth: 2(n + 1) − 1 + 1 (discretising 1/(w+1), and one BOS-cleaning unit).
  MLPs that share a layer are put side by side: the layer's width is the sum.
- Layers (tracr/compiler/craft_graph_to_model.py, assemble.py). Each block's depth is
  the longest path from tokens/indices counting every SOp as one step (Selects count
  nothing). A depth holding only heads followed by a depth holding only MLPs are merged
  (one pass, lowest depth first). Depth d then gets the attention sublayer 2(d − 1) and
  the MLP sublayer 2(d − 1) + 1; empty sublayers are dropped, and assemble.py packs the
  remaining ones in order into [attention, MLP] layers. Layers = the packed count;
  heads = the heads that compute something (the model pads every layer to the largest
  layer's head count with zero heads); MLP width = the widest MLP layer (also padded).

The programs below are written in tracr's RASP Python API (rasp.Map, rasp.Select,
rasp.Aggregate, … and tracr/compiler/lib.py's make_frac_prevs, make_pair_balance,
make_shuffle_dyck, shift_by, detect_pattern) and run here against a small
re-implementation of that API that builds the same expression graph, so the text
printed by --programs is what is sized. This file shares no code with tracr.

What is not modelled: the weights themselves; how well softmax at inverse temperature
100 and the MLPs' ramps of width 1/100 (mlp_exactness) approximate the ideal
computation; the empty word (tracr's input always starts with BOS).

--check evaluates every program on every word up to a few symbols, twice: with RASP's
semantics (as tracr's evaluator, except that a missing value — tracr's None, a zero
vector in the compiled model — counts as 0 when a categorical value becomes a number,
as the compiled MLP does), and with every numerical-input MLP replaced by its
thresholds over tracr's inferred value set (the compiled model's limit of a large
mlp_exactness). Both must decide the program's language. At n = 16 it also checks
that the hand derivation beside each program states the sizes the rules compute, and
that the layer allocation gives what tracr's own craft_graph_to_model_test.py expects
for its two graphs. And it confirms that majority written as
`make_frac_prevs(tokens == "1") > 0.5` would not decide majority: tracr's value set
{0} ∪ {1/l} puts that threshold at 3/4, so the MLP says no to 2/3 ones. The programs
therefore compare two fractions with 0, as tracr's make_pair_balance does. (By our
reading, not tested: the values next to 0 in a balance's set are ±1/(n(n − 1)), so the
thresholds around 0 sit at ±1/(2n(n − 1)), and a ramp of width 1/mlp_exactness fits
between them only when mlp_exactness ≥ 2n(n − 1): 480 at n = 16, where the default is
100.)
"""

import argparse
import bisect
import copy
import itertools
import re
import sys
from fractions import Fraction

CATEGORICAL, NUMERICAL = "categorical", "numerical"


# --------------------------------------------------------------------------------------
# A small stand-in for tracr's RASP API: expressions with the same graph and encodings.
# --------------------------------------------------------------------------------------

class Expr:
    _ids = itertools.count(1)

    def __init__(self):
        self.uid = next(Expr._ids)
        self.encoding = CATEGORICAL
        self.name = type(self).__name__.lower()

    def copy(self):
        new = copy.copy(self)
        new.uid = next(Expr._ids)
        return new

    def named(self, name):
        new = self.copy()
        new.name = name
        return new

    children = ()


class SOp(Expr):
    __hash__ = object.__hash__

    # Comparisons and arithmetic with a constant are Maps, with an SOp SequenceMaps,
    # as in tracr's rasp.SOp.
    def _map_or_seq(self, other, f2):
        if isinstance(other, SOp):
            return SequenceMap(f2, self, other)
        return Map(lambda x: f2(x, other), self)

    def __eq__(self, other): return Map(lambda x: x == other, self)
    def __ne__(self, other): return Map(lambda x: x != other, self)
    def __lt__(self, other): return Map(lambda x: x < other, self)
    def __le__(self, other): return Map(lambda x: x <= other, self)
    def __gt__(self, other): return Map(lambda x: x > other, self)
    def __ge__(self, other): return Map(lambda x: x >= other, self)
    def __add__(self, other): return self._map_or_seq(other, lambda x, y: x + y)
    def __sub__(self, other): return self._map_or_seq(other, lambda x, y: x - y)
    def __mul__(self, other): return self._map_or_seq(other, lambda x, y: x * y)
    def __and__(self, other): return self._map_or_seq(other, lambda x, y: x and y)
    def __or__(self, other): return self._map_or_seq(other, lambda x, y: x or y)
    def __invert__(self): return Map(lambda x: not x, self)


class Tokens(SOp):
    pass


class Indices(SOp):
    pass


class Map(SOp):
    def __init__(self, f, inner, simplify=True):
        super().__init__()
        if simplify and isinstance(inner, Map):  # tracr fuses a Map of a Map
            g, h = f, inner.f
            f, inner = (lambda x: g(h(x))), inner.inner
        self.f, self.inner = f, inner

    @property
    def children(self):
        return (self.inner,)


class SequenceMap(SOp):
    def __init__(self, f, fst, snd):
        super().__init__()
        self.f, self.fst, self.snd = f, fst, snd

    @property
    def children(self):
        return (self.fst, self.snd)


class LinearSequenceMap(SequenceMap):
    def __init__(self, fst, snd, fst_fac, snd_fac):
        super().__init__(lambda x, y: fst_fac * x + snd_fac * y, fst, snd)


class Select(Expr):
    def __init__(self, keys, queries, predicate):
        super().__init__()
        self.keys, self.queries, self.predicate = keys, queries, predicate

    @property
    def children(self):
        return (self.keys, self.queries)


class Aggregate(SOp):
    def __init__(self, selector, sop, default=None):
        super().__init__()
        self.selector, self.sop, self.default = selector, sop, default

    @property
    def children(self):
        return (self.selector, self.sop)


class SelectorWidth(SOp):
    def __init__(self, selector):
        super().__init__()
        self.selector = selector

    @property
    def children(self):
        return (self.selector,)


class Comparison:  # predicates of Select, called as predicate(key, query)
    EQ = staticmethod(lambda k, q: k == q)
    LT = staticmethod(lambda k, q: k < q)
    LEQ = staticmethod(lambda k, q: k <= q)
    GT = staticmethod(lambda k, q: k > q)
    GEQ = staticmethod(lambda k, q: k >= q)
    NEQ = staticmethod(lambda k, q: k != q)
    TRUE = staticmethod(lambda k, q: True)
    FALSE = staticmethod(lambda k, q: False)


def _with_encoding(sop, encoding):
    new = sop.copy()
    new.encoding = encoding
    return new


class _Namespace:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def new_api():
    """Fresh `rasp` and `lib` namespaces (lib.length is one shared SOp, as in tracr)."""
    tokens, indices = Tokens(), Indices()
    rasp = _Namespace(
        tokens=tokens, indices=indices, Map=Map, SequenceMap=SequenceMap,
        LinearSequenceMap=LinearSequenceMap, Select=Select, Aggregate=Aggregate,
        SelectorWidth=SelectorWidth, Comparison=Comparison,
        numerical=lambda s: _with_encoding(s, NUMERICAL),
        categorical=lambda s: _with_encoding(s, CATEGORICAL))

    # tracr/compiler/lib.py's helpers, rebuilt from their documented behaviour so that
    # they make the same graph.
    length = SelectorWidth(Select(tokens, tokens, Comparison.TRUE)).named("length")

    def make_frac_prevs(bools):
        prefix = Select(indices, indices, Comparison.LEQ)
        mean = Aggregate(prefix, rasp.numerical(bools), default=0)
        return rasp.numerical(mean).named("frac_prevs")

    def make_pair_balance(sop, open_token, close_token):
        opens = rasp.numerical(make_frac_prevs(rasp.numerical(sop == open_token)))
        closes = rasp.numerical(make_frac_prevs(rasp.numerical(sop == close_token)))
        return rasp.numerical(LinearSequenceMap(opens, closes, 1, -1)).named("pair_balance")

    def make_shuffle_dyck(pairs):
        balances = [make_pair_balance(tokens, p[0], p[1]).named("balance_" + p)
                    for p in pairs]
        any_negative = balances[0] < 0
        for b in balances[1:]:
            any_negative = any_negative | (b < 0)
        any_negative = rasp.numerical(Map(lambda x: x, any_negative))
        select_all = Select(indices, indices, Comparison.TRUE)
        has_neg = rasp.numerical(Aggregate(select_all, any_negative, default=0))
        all_zero = balances[0] == 0
        for b in balances[1:]:
            all_zero = all_zero & (b == 0)
        select_last = Select(indices, length - 1, Comparison.EQ)
        last_zero = Aggregate(select_last, all_zero)
        return (last_zero & ~has_neg).named("shuffle_dyck")

    def shift_by(offset, sop):
        shifted = Select(indices, indices, lambda k, q: q == k + offset)
        return Aggregate(shifted, sop, default=None).named("shift_by")

    def detect_pattern(sop, pattern):
        detectors = []
        for back, symbol in enumerate(reversed(pattern)):
            d = sop == symbol
            detectors.append(shift_by(back, d) if back else d)
        found = detectors.pop()
        while detectors:
            found = found & detectors.pop()
        return found.named("detect_pattern")

    lib = _Namespace(length=length, make_frac_prevs=make_frac_prevs,
                     make_pair_balance=make_pair_balance,
                     make_shuffle_dyck=make_shuffle_dyck, shift_by=shift_by,
                     detect_pattern=detect_pattern)
    return rasp, lib


# --------------------------------------------------------------------------------------
# The library programs in tracr's API. Each text is run with `rasp` and `lib` bound and
# must set `program`; it is read at the last position, like the satcirc programs.
#
# Each derivation (by hand, at n = max_seq_len = 16) lists the blocks by depth d
# (H a head, M an MLP), the merges of a heads-only depth with the MLP-only depth after
# it, the sublayers, their packing into layers, then the residual directions (tokens 4
# = two symbols, BOS and PAD) and the widest MLP layer. "to-number" is a categorical →
# numerical Map (one hidden unit) that make_frac_prevs' mean needs. V is the number of
# values tracr infers for a − b, a and b means: a, b in {0} ∪ {1/l}, so V ≈ n² (253 at
# n = 16: 233 distinct rationals, and floating-point rounding of 1/a − 1/b makes 20
# more; 989 at n = 32); V' = 259 the same for a − 2b.
# Growth in n: layers and heads stay; the residual is n + c (3n + c with tracr's
# `length`); the widest MLP is 2n + 1 when it compares a mean, about 2n² per comparison
# of a balance.
# --------------------------------------------------------------------------------------

PROGRAMS = [
    ("first.brasp", "01", "first", '''
first = rasp.Aggregate(rasp.Select(rasp.indices, rasp.indices, lambda k, q: k == 0),
                       rasp.tokens)  # every query reads position 0
program = first == "1"
''', """
d1 H first; d2 M == "1". Depths 1 and 2 merge: sublayers 0, 1 → 1 layer, 1 head.
Residual: tokens 4, indices n, one, first 2, output 2 = n + 9 = 25.
MLP: a lookup table onto 2 values, 2."""),

    ("last_one.brasp", "01", "last_one", '''
program = rasp.tokens == "1"
''', """
d1 M. Sublayer 1 → 1 layer, 0 heads (tracr needs at least one block).
Residual: tokens 4, indices n, output 2 = n + 6 = 22 (no head and no two-input MLP,
so no `one`). MLP 2."""),

    ("contains_11.brasp", "01", "contains_11", '''
pair = lib.detect_pattern(rasp.tokens, "11")  # shift_by(1, tokens == "1") & (tokens == "1")
program = lib.make_frac_prevs(rasp.Map(lambda x: x, pair)) > 0
''', """
d1 M M (tokens == "1", twice); d2 H shift_by(1); d3 M &; d4 M to-number; d5 H mean;
d6 M > 0. Merges 2+3 and 5+6: sublayers 1; 2, 3; 5; 6, 7 → 4 layers, 2 heads.
Residual: tokens 4, indices n, one, 2 + 2, shifted 2, pair 2, to-number 1, mean 1,
output 2 = n + 17 = 33. MLP: > 0 on the mean's n + 1 values: 2(n + 1) − 1 = 33."""),

    ("tomita1.brasp", "01", "tomita:1", '''
program = lib.make_frac_prevs(rasp.tokens == "0") == 0
''', """
d1 M to-number; d2 H mean; d3 M == 0. Merge 2+3: sublayers 1; 2, 3 → 2 layers, 1 head.
Residual: tokens 4, indices n, one, 1, 1, output 2 = n + 9 = 25. MLP 2n + 1 = 33."""),

    ("tomita2.brasp", "01", "tomita:2", '''
first = rasp.Aggregate(rasp.Select(rasp.indices, rasp.indices, lambda k, q: k == 0),
                       rasp.tokens)
prev = lib.shift_by(1, rasp.tokens)
repeat = rasp.SequenceMap(lambda x, y: x == y, rasp.tokens, prev)
no_repeat = lib.make_frac_prevs(rasp.Map(lambda x: x, repeat)) == 0
program = (first == "1") & no_repeat & (rasp.tokens == "0")
''', """
d1 H first, H prev, M tokens == "0"; d2 M first == "1", M repeat; d3 M to-number;
d4 H mean; d5 M == 0; d6 M &; d7 M &. Depth 1 holds an MLP, so only 4+5 merge:
sublayers 0, 1; 3; 5; 6, 7; 9; 11 → 6 layers, 3 heads. Residual: tokens 4, indices n,
one, first 2, prev 2, first == "1" 2, repeat 2, to-number 1, mean 1, no_repeat 2,
tokens == "0" 2, the first & 2, output 2 = n + 23 = 39. MLP 2n + 1 = 33."""),

    ("tomita4.brasp", "01", "tomita:4", '''
triple = lib.detect_pattern(rasp.tokens, "000")
program = lib.make_frac_prevs(rasp.Map(lambda x: x, triple)) == 0
''', """
d1 M M M (tokens == "0", three times); d2 H shift_by(2), H shift_by(1); d3 M &; d4 M &;
d5 M to-number; d6 H mean; d7 M == 0. Merges 2+3 and 6+7: sublayers 1; 2, 3; 5; 7;
8, 9 → 5 layers, 3 heads. Residual: tokens 4, indices n, one, 3 × 2, 2 × 2 shifted,
2 × 2 for the &s, 1, 1, output 2 = n + 23 = 39. MLP 2n + 1 = 33."""),

    ("tomita7.brasp", "01", "tomita:7", '''
one_before = lib.make_frac_prevs(rasp.tokens == "1") > 0
ends_10 = (rasp.tokens == "0") & one_before
had_10 = lib.make_frac_prevs(rasp.Map(lambda x: x, ends_10)) > 0
ends_101 = (rasp.tokens == "1") & had_10
had_101 = lib.make_frac_prevs(rasp.Map(lambda x: x, ends_101)) > 0
ends_1010 = (rasp.tokens == "0") & had_101
program = lib.make_frac_prevs(rasp.Map(lambda x: x, ends_1010)) == 0
''', """
d1 M × 4 (tokens == "1" to-number, three categorical tokens == s); then d2 … d15
H M M M H M M M H M M M H M (mean, > 0, &, to-number, …, mean, == 0). Each head
depth merges with the MLP after it: sublayers 1; 2, 3; 5; 7; 8, 9; 11; 13; 14, 15; 17;
19; 20, 21 → 11 layers, 4 heads. Residual: tokens 4, indices n, one, to-number 1,
tokens == s 3 × 2, 4 means, 3 to-numbers, 3 × 2 for > 0, 3 × 2 for &, output 2
= n + 33 = 49. MLP 2n + 1 = 33."""),

    ("majority.crasp", "01", "majority", '''
# #1 > #0 at the last position: frac(1) - frac(0) > 0 (tracr's make_pair_balance).
program = lib.make_pair_balance(rasp.tokens, "1", "0") > 0
''', """
d1 M M to-numbers; d2 H H means; d3 M balance (a LinearSequenceMap, 4 units); d4 M > 0.
Merge 2+3: sublayers 1; 2, 3; 5 → 3 layers, 2 heads. Residual: tokens 4, indices n,
one, 2, 2, balance 1, output 2 = n + 12 = 28. MLP: > 0 on V values, 2V − 1 = 505."""),

    ("dyck1.crasp", "()", "dyck:k=1", '''
program = lib.make_shuffle_dyck(["()"])
''', """
tracr's Dyck-1 (the RASP paper's). d1 H+M length (a SelectorWidth: a head, and an MLP
of 2(n + 1) − 1 + 1 units), M M to-numbers; d2 M length − 1, H H means; d3 M balance;
d4 M balance < 0 (made numerical: tracr fuses the Map of a Map into one numerical MLP),
M balance == 0; d5 H has_neg (a mean over every position), H last_zero (reads position
length − 1); d6 M not; d7 M &. Merge 5+6: sublayers 0, 1; 2, 3; 5; 7; 8, 9; 11
→ 6 layers, 5 heads. Residual: tokens 4, indices n, one, length n + 1 and its head's
output 1, length − 1 n + 1, 2 to-numbers, 2 means, balance 1, < 0 1, == 0 2, has_neg 1,
last_zero 2, not 2, output 2 = 3n + 23 = 71. MLP: < 0 beside == 0, 2(2V − 1) = 1010."""),

    ("anbn.crasp", "ab", "anbn", '''
b_before = lib.make_frac_prevs(rasp.tokens == "b") > 0
a_after_b = (rasp.tokens == "a") & b_before
no_a_after_b = lib.make_frac_prevs(rasp.Map(lambda x: x, a_after_b)) == 0
balanced = lib.make_pair_balance(rasp.tokens, "a", "b") == 0
program = no_a_after_b & balanced
''', """
d1 M × 4 (three to-numbers, tokens == "a"); d2 H × 3 means; d3 M b_before, M balance;
d4 M a_after_b, M balanced; d5 M to-number; d6 H mean; d7 M == 0; d8 M &. Merges 2+3
and 6+7: sublayers 1; 2, 3; 5; 7; 8, 9; 11 → 6 layers, 4 heads. Residual: tokens 4,
indices n, one, 3 to-numbers, tokens == "a" 2, 3 means, b_before 2, balance 1,
a_after_b 2, balanced 2, to-number 1, mean 1, no_a_after_b 2, output 2 = n + 26 = 42.
MLP: balanced beside a_after_b, (2V − 1) + 4 = 509."""),

    ("shuffle_dyck2.crasp", "()[]", "shuffle-dyck:k=2", '''
program = lib.make_shuffle_dyck(["()", "[]"])
''', """
As Dyck-1 with two balances. d1 H+M length, M × 4 to-numbers; d2 M length − 1, H × 4
means; d3 M M balances; d4 M × 4 (each balance < 0 and == 0); d5 M | and M &; d6 M
to-number of the |, H last_zero; d7 H has_neg; d8 M not; d9 M &. Depth 6 mixes, 7+8
merge: sublayers 0, 1; 2, 3; 5; 7; 9; 10, 11; 12, 13; 15 → 8 layers, 7 heads.
Residual: tokens 6, indices n, one, length n + 2, length − 1 n + 1, 4 to-numbers,
4 means, 2 balances, 4 × 2 comparisons, | 2, & 2, to-number 1, has_neg 1, last_zero 2,
not 2, output 2 = 3n + 40 = 88. MLP: four comparisons side by side, 4(2V − 1) = 2020."""),

    ("equal_ab.crasp", "ab", "counts:#a=#b", '''
program = lib.make_pair_balance(rasp.tokens, "a", "b") == 0
''', """
As majority with == 0: 3 layers, 2 heads, n + 12 = 28, MLP 2V − 1 = 505."""),

    ("ones_twice_zeros.crasp", "01", "counts:#1>2#0", '''
ones = lib.make_frac_prevs(rasp.tokens == "1")
zeros = lib.make_frac_prevs(rasp.tokens == "0")
program = rasp.numerical(rasp.LinearSequenceMap(ones, zeros, 1, -2)) > 0
''', """
As majority with a − 2b: 3 layers, 2 heads, n + 12 = 28, MLP 2V' − 1 = 517."""),

    ("equal_abc.crasp", "abc", "counts:#a=#b&#b=#c", '''
ab = lib.make_pair_balance(rasp.tokens, "a", "b") == 0
bc = lib.make_pair_balance(rasp.tokens, "b", "c") == 0
program = ab & bc
''', """
d1 M × 4 to-numbers; d2 H × 4 means; d3 M M balances; d4 M M == 0; d5 M &. Merge 2+3:
sublayers 1; 2, 3; 5; 7 → 4 layers, 4 heads. Residual: tokens 5, indices n, one, 4, 4,
2 balances, 2 × 2, output 2 = n + 22 = 38. MLP: the two == 0 side by side,
2(2V − 1) = 1010."""),
]

# Written as a tracr user first would; wrong under tracr's value sets (see --check).
MAJORITY_AS_FRACTION = '''
program = lib.make_frac_prevs(rasp.tokens == "1") > 0.5
'''

# Library programs tracr cannot express as written, and why.
NOT_EXPRESSIBLE = {
    "dyck1_depth2.brasp":
        "`rightmost j < i where pair[j] of pair_open` reads the last of possibly many "
        "positions whose values differ; tracr has no leftmost/rightmost choice, and a "
        "categorical Aggregate averages what it selects (tracr allows it only when "
        "the selected values agree).",
    "dyck1_depth3.brasp":
        "as dyck1_depth2.brasp: `rightmost j < i where pair[j] of pair_open` and the "
        "same for pairs of pairs read the last of several matches with differing values.",
    "dyck2_depth2.brasp":
        "as dyck1_depth2.brasp, and the partner's kind (`ev_square`) is again the value "
        "at the last of several matches.",
    "dyck2_depth3.brasp":
        "as dyck2_depth2.brasp, one level deeper (`ev2_square`).",
}


def build(text):
    """Runs a program's text against a fresh API; returns its output SOp."""
    rasp, lib = new_api()
    scope = {"rasp": rasp, "lib": lib}
    exec(compile(text, "<tracr program>", "exec"), scope)  # noqa: S102
    return scope["program"]


# --------------------------------------------------------------------------------------
# Sizing, following tracr's compiler.
# --------------------------------------------------------------------------------------

def _defined(f, *args):
    try:
        return f(*args)
    except ArithmeticError:
        return None


def graph_of(sink):
    nodes, order = {}, []

    def visit(e):
        if e.uid in nodes:
            return
        nodes[e.uid] = e
        for c in e.children:
            visit(c)
        order.append(e)  # children first
    visit(sink)
    return order


def check_supported(e):
    """tracr's static validation (validating.py) and expr_to_craft_graph.py's checks."""
    if isinstance(e, Select):
        if e.keys.encoding != CATEGORICAL or e.queries.encoding != CATEGORICAL:
            raise ValueError("Select keys and queries must be categorical")
    elif isinstance(e, (Tokens, Indices)):
        if e.encoding != CATEGORICAL:
            raise ValueError("tokens and indices are categorical")
    elif isinstance(e, Aggregate):
        if not isinstance(e.selector, Select):
            raise ValueError("an Aggregate needs a plain Select")
        if e.encoding != e.sop.encoding:
            raise ValueError("an Aggregate's encoding must be its input's")
        if e.encoding == CATEGORICAL and e.default is not None:
            raise ValueError("a categorical Aggregate's default must be None")
        if e.encoding == NUMERICAL and e.default != 0:
            raise ValueError("a numerical Aggregate's default must be 0")
    elif isinstance(e, LinearSequenceMap):
        if any(x.encoding != NUMERICAL for x in (e, e.fst, e.snd)):
            raise ValueError("a LinearSequenceMap must be numerical")
    elif isinstance(e, SequenceMap):
        if any(x.encoding != CATEGORICAL for x in (e, e.fst, e.snd)):
            raise ValueError("a (non-linear) SequenceMap must be categorical")


def value_sets(order, vocab, n):
    vs = {}
    for e in order:
        if isinstance(e, Select):
            continue
        if isinstance(e, Tokens):
            s = set(vocab)
        elif isinstance(e, Indices):
            s = set(range(n))
        elif isinstance(e, SelectorWidth):
            s = set(range(n + 1))
        elif isinstance(e, Map):
            s = {r for x in vs[e.inner.uid] if (r := _defined(e.f, x)) is not None}
        elif isinstance(e, SequenceMap):
            s = {r for x in vs[e.fst.uid] for y in vs[e.snd.uid]
                 if (r := _defined(e.f, x, y)) is not None}
        elif isinstance(e, Aggregate):
            inner = vs[e.sop.uid]
            if e.encoding == CATEGORICAL:
                s = inner
            else:
                if not {int(x) for x in inner} <= {0, 1}:
                    raise ValueError("a numerical Aggregate averages 0/1 values only")
                s = {v / l for v in inner for l in range(1, n + 1)}
        else:
            raise ValueError(f"unsupported SOp {e.name}")
        vs[e.uid] = s
    return vs


def label(e):
    return "tokens" if isinstance(e, Tokens) else "indices" if isinstance(e, Indices) else e.uid


def space(e, vs):
    """The residual directions of an SOp's value."""
    if e.encoding == NUMERICAL:
        return {(label(e),)}
    return {(label(e), v) for v in vs[e.uid]}


ONE = ("one",)
BOS = ("tokens", "compiler_bos")


def blocks(order, vs, n):
    """Per SOp with a block: kind (attn, mlp or both), heads, hidden units, residual."""
    out = {}
    for e in order:
        check_supported(e)
        if isinstance(e, (Select, Tokens, Indices)):
            continue
        res = space(e, vs)
        if isinstance(e, Aggregate):
            sel = e.selector
            res |= space(sel.queries, vs) | space(sel.keys, vs) | space(e.sop, vs)
            res |= {BOS, ONE}
            out[e.uid] = dict(kind="attn", heads=1, hidden=set(), residual=res)
        elif isinstance(e, SelectorWidth):
            sel = e.selector
            attn_out = ("selector_width_attn_output", e.uid)
            res |= space(sel.queries, vs) | space(sel.keys, vs) | {BOS, ONE, attn_out}
            # discretise 1/(w+1) for w = 0 … n, plus the unit that cleans the BOS
            # position (its name is the same in every SelectorWidth).
            hidden = {("sw", e.uid, k) for k in range(2 * (n + 1) - 1)}
            hidden.add(("_hidden_clean_bos_",))
            out[e.uid] = dict(kind="both", heads=1, hidden=hidden, residual=res)
        elif isinstance(e, Map):
            inner = e.inner
            res |= space(inner, vs)
            if inner.encoding == CATEGORICAL and e.encoding == CATEGORICAL:
                hidden = {("h", e.uid, v) for v in vs[e.uid]}
            elif inner.encoding == CATEGORICAL:
                hidden = {("h", e.uid)}
            else:
                res.add(ONE)
                k = sum(1 for x in vs[inner.uid] if _defined(e.f, x) is not None)
                hidden = {("h", e.uid, i) for i in range(2 * k - 1)}
            out[e.uid] = dict(kind="mlp", heads=0, hidden=hidden, residual=res)
        elif isinstance(e, LinearSequenceMap):
            res |= space(e.fst, vs) | space(e.snd, vs)
            out[e.uid] = dict(kind="mlp", heads=0,
                              hidden={("h", e.uid, i) for i in range(4)}, residual=res)
        elif isinstance(e, SequenceMap):
            res |= space(e.fst, vs) | space(e.snd, vs)
            if e.fst is e.snd:  # tracr treats f(x, x) as a Map
                hidden = {("h", e.uid, v) for v in vs[e.uid]}
            else:
                res.add(ONE)
                hidden = {("h", e.uid, i)
                          for i in range(len(vs[e.fst.uid]) * len(vs[e.snd.uid]))}
            out[e.uid] = dict(kind="mlp", heads=0, hidden=hidden, residual=res)
    return out


def depths(order):
    """Longest path from tokens/indices, one step per SOp (craft_graph_to_model.py)."""
    d = {}
    for e in order:
        if not e.children:
            d[e.uid] = 0
        else:
            d[e.uid] = max(d[c.uid] for c in e.children) + (0 if isinstance(e, Select) else 1)
    return d


def allocate(order, blk):
    """Sublayer of every block: 2(d − 1) for heads, 2(d − 1) + 1 for MLPs."""
    d = depths(order)
    depth = {u: d[u] for u in blk}
    by_depth = {}
    for u in blk:
        by_depth.setdefault(depth[u], []).append(u)
    kinds = lambda lvl, k: all(blk[u]["kind"] == k for u in by_depth.get(lvl, []))
    lo, hi = min(by_depth), max(by_depth)
    lvl = lo
    while lvl < hi:  # heads-only level followed by an MLP-only level: merge them
        if kinds(lvl, "attn") and kinds(lvl + 1, "mlp"):
            for up in range(lvl + 1, hi + 1):
                moved = by_depth.pop(up, [])
                for u in moved:
                    depth[u] = up - 1
                by_depth.setdefault(up - 1, []).extend(moved)
            hi -= 1
        lvl += 1
    sub = {}
    for u in blk:
        base = 2 * (depth[u] - 1)
        sub[u] = base + (1 if blk[u]["kind"] == "mlp" else 0)
    return sub


def size(program, vocab, n):
    order = graph_of(program)
    if not any(isinstance(e, Tokens) for e in order):
        raise ValueError("a program must read rasp.tokens")
    vs = value_sets(order, vocab, n)
    blk = blocks(order, vs, n)
    sub = allocate(order, blk)
    heads_at, hidden_at = {}, {}
    for u, b in blk.items():
        if b["kind"] in ("attn", "both"):
            heads_at[sub[u]] = heads_at.get(sub[u], 0) + 1
        if b["kind"] == "mlp":
            hidden_at.setdefault(sub[u], set()).update(b["hidden"])
        if b["kind"] == "both":
            hidden_at.setdefault(sub[u] + 1, set()).update(b["hidden"])
    # assemble.py: the non-empty sublayers, in order, each in the next free slot of its
    # kind among layer_0/attn, layer_0/mlp, layer_1/attn, …
    slot = -1
    for s in sorted(set(heads_at) | set(hidden_at)):
        kind = s % 2
        slot += 1
        while slot % 2 != kind:
            slot += 1
    residual = set().union(*(b["residual"] for b in blk.values()))
    residual |= {("tokens", t) for t in vocab} | {BOS, ("tokens", "compiler_pad")}
    residual |= {("indices", i) for i in range(n)}
    residual |= space(program, vs)
    return dict(layers=slot // 2 + 1, heads=sum(heads_at.values()),
                heads_per_layer=max(heads_at.values(), default=1),
                residual=len(residual),
                mlp_hidden=max((len(h) for h in hidden_at.values()), default=1),
                blocks=blk, sublayers=sub, value_sets=vs, order=order)


# --------------------------------------------------------------------------------------
# --check: the programs decide their languages (RASP semantics, and tracr's thresholds).
# --------------------------------------------------------------------------------------

def _balanced(w, pairs):
    for o, c in pairs:
        depth = 0
        for s in w:
            depth += (s == o) - (s == c)
            if depth < 0:
                return False
        if depth:
            return False
    return True


LANGUAGES = {
    "first": lambda w: w[0] == "1",
    "last_one": lambda w: w[-1] == "1",
    "contains_11": lambda w: "11" in w,
    "tomita:1": lambda w: "0" not in w,
    "tomita:2": lambda w: re.fullmatch("(10)*", w) is not None,
    "tomita:4": lambda w: "000" not in w,
    "tomita:7": lambda w: re.fullmatch("0*1*0*1*", w) is not None,
    "majority": lambda w: w.count("1") > w.count("0"),
    "dyck:k=1": lambda w: _balanced(w, ["()"]),
    "anbn": lambda w: re.fullmatch("a*b*", w) is not None and w.count("a") == w.count("b"),
    "shuffle-dyck:k=2": lambda w: _balanced(w, ["()", "[]"]),
    "counts:#a=#b": lambda w: w.count("a") == w.count("b"),
    "counts:#1>2#0": lambda w: w.count("1") > 2 * w.count("0"),
    "counts:#a=#b&#b=#c": lambda w: w.count("a") == w.count("b") == w.count("c"),
}


def thresholds_of(e, vs, cache):
    """A numerical-input Map's compiled form: its thresholds and the outputs between."""
    if e.uid not in cache:
        points = [v for v in sorted(vs[e.inner.uid]) if _defined(e.f, v) is not None]
        # tracr's thresholds are the float midpoints (a + b) / 2 of neighbouring values.
        cuts = [Fraction(a + b) / 2 for a, b in zip(points, points[1:])]
        cache[e.uid] = (cuts, [e.f(v) for v in points])
    return cache[e.uid]


def evaluate(program, word, vs, thresholds, cache=None):
    """The program's value at the last position of word.

    thresholds=False: RASP semantics (None, tracr's missing value, becomes 0 when a
    categorical value is made a number). thresholds=True: a numerical-input Map gives
    f of the inferred value whose interval (between midpoints) holds the input — the
    compiled MLP in the limit of a large mlp_exactness; means are exact fractions.
    """
    n = len(word)
    memo = {}
    cache = {} if cache is None else cache

    def ev(e):
        if e.uid in memo:
            return memo[e.uid]
        if isinstance(e, Tokens):
            r = list(word)
        elif isinstance(e, Indices):
            r = list(range(n))
        elif isinstance(e, Select):
            keys, queries = ev(e.keys), ev(e.queries)
            r = [[bool(e.predicate(k, q)) for k in keys] for q in queries]
        elif isinstance(e, SelectorWidth):
            r = [sum(row) for row in ev(e.selector)]
        elif isinstance(e, Aggregate):
            rows, vals = ev(e.selector), ev(e.sop)
            r = []
            for row in rows:
                picked = [v for s, v in zip(row, vals) if s]
                if not picked:
                    r.append(e.default)
                elif e.encoding == NUMERICAL:
                    r.append(Fraction(sum(picked), len(picked)))
                elif len(set(picked)) == 1:
                    r.append(picked[0])
                else:
                    raise ValueError(f"categorical Aggregate of {set(picked)}")
        elif isinstance(e, Map):
            xs = ev(e.inner)
            if e.inner.encoding == NUMERICAL and thresholds:
                r = [discretise(e, x) for x in xs]
            elif e.inner.encoding == CATEGORICAL and e.encoding == NUMERICAL:
                r = [0 if x is None else e.f(x) for x in xs]
            else:
                r = [None if x is None else e.f(x) for x in xs]
        elif isinstance(e, SequenceMap):
            r = [None if x is None or y is None else e.f(x, y)
                 for x, y in zip(ev(e.fst), ev(e.snd))]
        memo[e.uid] = r
        return r

    def discretise(e, x):
        cuts, outs = thresholds_of(e, vs, cache)
        return outs[bisect.bisect_right(cuts, x)]  # the cuts at or below x

    return ev(program)[-1]


def words(alphabet, longest):
    for length in range(1, longest + 1):
        for t in itertools.product(alphabet, repeat=length):
            yield "".join(t)


def allocation_cases():
    """The two graphs of tracr's craft_graph_to_model_test.py, with its expected
    sublayers, rebuilt from heads (Aggregate) and MLPs (Map, SequenceMap)."""
    rasp, _ = new_api()
    same = lambda x, y: x
    every = lambda a: Select(a, a, Comparison.TRUE)
    n1 = Aggregate(every(rasp.tokens), rasp.tokens)
    n7 = Map(lambda x: x, rasp.indices)
    n2 = SequenceMap(same, n1, n7)
    n8 = Map(lambda x: x, n7, simplify=False)
    n3 = Aggregate(every(n2), n8)
    n10 = Aggregate(every(n8), n8)
    n9 = Aggregate(every(n10), n10)
    n4 = SequenceMap(same, n3, n9)
    yield "tracr's branching graph", n4, [(n1, 0), (n2, 3), (n3, 4), (n4, 7), (n7, 1),
                                          (n8, 3), (n9, 6), (n10, 4)]
    c1 = Aggregate(every(rasp.tokens), rasp.tokens)
    c2 = Map(lambda x: x, c1)
    c3 = Aggregate(every(c2), c2)
    c4 = Map(lambda x: x, c3)
    yield "tracr's chain", c4, [(c1, 0), (c2, 1), (c3, 2), (c4, 3)]


def check(n, longest_words=2000):
    failures = 0
    for what, sink, want in allocation_cases():
        sub = size(sink, "x", n)["sublayers"]
        got, expected = [sub[e.uid] for e, _ in want], [s for _, s in want]
        failures += got != expected
        print(f"layer allocation of {what}: "
              + ("as tracr's test expects" if got == expected else
                 f"FAILED: sublayers {got}, tracr's test expects {expected}"))
    derivations = failures
    for name, alphabet, _, text, notes in PROGRAMS:
        if n != 16:
            break
        # The hand derivations (at n = 16) say what the rules compute.
        s = size(build(text), alphabet, n)
        said = re.search(r"(\d+) layers?, (\d+) heads?", notes)
        width = re.search(r"(\d*)n \+ (\d+) = (\d+)", notes)
        said = (int(said[1]), int(said[2]), int(width[3]),
                int(re.findall(r"\d+", notes)[-1])) if said and width else None
        ok = said == (s["layers"], s["heads"], s["residual"], s["mlp_hidden"]) and \
            int(width[1] or 1) * n + int(width[2]) == said[2]
        failures += not ok
        if not ok:
            print(f"{name}: the derivation says {said}, the rules give "
                  f"{(s['layers'], s['heads'], s['residual'], s['mlp_hidden'])}")
    if n == 16 and failures == derivations:
        print(f"hand derivations: all {len(PROGRAMS)} state what the rules compute")
    for name, alphabet, lang, text, _ in PROGRAMS:
        program = build(text)
        vs = size(program, alphabet, n)["value_sets"]
        longest = 1
        while len(alphabet) ** (longest + 1) <= longest_words and longest + 1 <= n:
            longest += 1
        bad, count, cache = [], 0, {}
        for w in words(alphabet, longest):
            count += 1
            want = LANGUAGES[lang](w)
            for thr in (False, True):
                if bool(evaluate(program, w, vs, thr, cache)) != want:
                    bad.append((w, "thresholds" if thr else "RASP"))
        status = "ok" if not bad else f"FAILED on {bad[:3]}"
        failures += bool(bad)
        print(f"{name}: {count} words up to length {longest}, RASP and thresholds: {status}")
    program = build(MAJORITY_AS_FRACTION)
    vs = size(program, "01", n)["value_sets"]
    wrong = [w for w in words("01", 6)
             if bool(evaluate(program, w, vs, True)) != LANGUAGES["majority"](w)]
    if wrong:
        print(f"majority as frac > 1/2: wrong under tracr's thresholds, e.g. {wrong[0]!r}"
              " (as expected)")
    else:
        failures += 1
        print("majority as frac > 1/2: unexpectedly right under tracr's thresholds")
    return failures


# --------------------------------------------------------------------------------------

def table(n):
    lines = ["| program | tracr layers | tracr heads | tracr residual width "
             "| tracr MLP hidden width (max) |", "|---|---:|---:|---:|---:|"]
    for name, alphabet, _, text, _ in PROGRAMS:
        s = size(build(text), alphabet, n)
        lines.append(f"| {name} | {s['layers']} | {s['heads']} | {s['residual']} "
                     f"| {s['mlp_hidden']} |")
    for name in NOT_EXPRESSIBLE:
        lines.append(f"| {name} | — | — | — | — |")
    return "\n".join(lines)


def explain(n):
    for name, alphabet, _, text, notes in PROGRAMS:
        program = build(text)
        s = size(program, alphabet, n)
        print(f"## {name} (vocabulary {alphabet!r}, max_seq_len {n})")
        print(notes.strip())
        for e in s["order"]:
            b = s["blocks"].get(e.uid)
            if b is None:
                continue
            kind = {"attn": "head", "mlp": "MLP", "both": "head+MLP"}[b["kind"]]
            print(f"  sublayer {s['sublayers'][e.uid]:2}  {kind:8} {e.name:<20} "
                  f"{e.encoding:<11} values {len(s['value_sets'][e.uid]):4}  "
                  f"hidden {len(b['hidden'])}")
        print(f"  → {s['layers']} layers, {s['heads']} heads "
              f"(at most {s['heads_per_layer']} per layer), residual {s['residual']}, "
              f"MLP hidden {s['mlp_hidden']}\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-seq-len", type=int, default=16)
    ap.add_argument("--explain", action="store_true",
                    help="per program: its blocks, sublayers and widths")
    ap.add_argument("--programs", action="store_true",
                    help="print the tracr RASP programs that are sized")
    ap.add_argument("--check", action="store_true",
                    help="check that the programs decide their languages")
    args = ap.parse_args(argv)
    n = args.max_seq_len
    if n < 2:
        ap.error("--max-seq-len must be at least 2")
    if args.programs:
        print("# In tracr: from tracr.rasp import rasp; from tracr.compiler import lib,\n"
              f"# then compiling.compile_rasp_to_model(program, vocab, max_seq_len={n}).\n")
        for name, alphabet, lang, text, _ in PROGRAMS:
            vocab = "{" + ", ".join(repr(a) for a in alphabet) + "}"
            print(f"# {name} ({lang}), vocab {vocab}\n{text.strip()}\n")
        for name, why in NOT_EXPRESSIBLE.items():
            print(f"# {name}: not expressible as written: {why}\n")
        return 0
    if args.explain:
        explain(n)
        return 0
    if args.check:
        return 1 if check(n) else 0
    print(f"tracr sizes at max_seq_len = {n} (derived from tracr's compiler rules, "
          "not from a tracr run):\n")
    print(table(n))
    print()
    for name, why in NOT_EXPRESSIBLE.items():
        print(f"{name}: not expressible in tracr as written: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
