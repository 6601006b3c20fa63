"""satcirc.run and satcirc.decide: against `satcirc run --json --trace` and
against each other, for both input forms."""

import itertools
import json
import os
import random
from fractions import Fraction

import numpy as np
import pytest

import satcirc


def fractions(tree):
    """The CLI's JSON with every exact value (a string "p/q") as a Fraction."""
    if isinstance(tree, dict):
        return {k: (tree[k] if k in ("tokens", "features", "name") else fractions(v))
                for k, v in tree.items()}
    if isinstance(tree, list):
        return [fractions(v) for v in tree]
    if isinstance(tree, str):
        return Fraction(tree)
    return tree


@pytest.mark.parametrize("spec,word", [("zoo:parity", "10110"), ("zoo:majority", "1101"),
                                       ("zoo:dyck1", "(()())"), ("zoo:anbn", "aabb"),
                                       ("examples/programs/dyck1_depth2.brasp", "(())()")])
def test_trace_equals_the_commands_json(cli, repo, spec, word):
    path = os.path.join(repo, spec) if spec.endswith("brasp") else spec
    model = satcirc.load(path)
    for engine in ("exact", "fixed:8"):
        result = satcirc.run(model, word, engine=engine, trace=True)
        out = json.loads(cli("run", "--model", path, "--input", word, "--engine", engine,
                             "--json", "--trace").stdout)
        assert result.accept == out["accept"]
        assert result.y == result.y_fraction == Fraction(out["value"])
        assert isinstance(result.y, Fraction) and result.y_float == float(result.y)
        assert result.trace == fractions(out["trace"])
    assert satcirc.run(model, word).trace is None


def test_float_engine_gives_a_float(cli):
    out = json.loads(cli("run", "--model", "zoo:majority", "--input", "110",
                         "--engine", "float:1000", "--json").stdout)
    result = satcirc.run(satcirc.zoo("majority"), "110", engine="float:1000")
    assert result.y_fraction is None and isinstance(result.y, float)
    assert result.y == result.y_float == out["value"] and result.accept == out["accept"]
    with pytest.raises(satcirc.Error, match="float engine has no trace"):
        satcirc.run(satcirc.zoo("majority"), "110", engine="float:1000", trace=True)
    with pytest.raises(satcirc.Error):
        satcirc.run(satcirc.zoo("majority"), "110", engine="fixed:-1")
    with pytest.raises(satcirc.Error, match=r"character 2 \('2'\) is not in the alphabet"):
        satcirc.run(satcirc.zoo("majority"), "120")


def test_param_limit_gives_the_polynomial(cli, repo):
    """y as its coefficients in c, lowest first: the CLI prints the same polynomial;
    on examples/limits/bias.json, y = c^2/4 - c/2 on "b" (docs/semantics.md)."""
    path = os.path.join(repo, "examples/limits/bias.json")
    result = satcirc.run(satcirc.load(path), "b", engine="param-limit")
    assert result.y == [Fraction(0), Fraction(-1, 2), Fraction(1, 4)]
    assert result.accept and result.y_fraction is None and result.engine == "param-limit"
    out = json.loads(cli("run", "--model", path, "--input", "b", "--engine",
                         "param-limit", "--json").stdout)
    assert out["value"] == "1/4·c^2 - 1/2·c" and out["accept"] == result.accept
    with pytest.raises(satcirc.Error, match="param-limit engine has no trace"):
        satcirc.run(satcirc.load(path), "b", engine="param-limit", trace=True)


CASES = [("parity", "exact"), ("parity", "fixed:8"), ("majority", "exact"),
         ("majority", "float:1000"), ("dyck1", "exact"), ("first", "fixed:4"),
         ("tomita4", "exact"), ("dyck1", "fixed:6"), ("anbn", "exact")]


@pytest.mark.parametrize("name,engine", CASES)
def test_decide_equals_run_on_every_word(name, engine):
    model = satcirc.zoo(name)
    k = len(model.alphabet)
    for n in range(9):
        words = ["".join(t) for t in itertools.product(model.alphabet, repeat=n)]
        expected = [satcirc.run(model, w, engine=engine).accept for w in words]
        got = satcirc.decide(model, words, engine=engine)
        assert got.dtype == np.bool_ and got.tolist() == expected
        indices = np.array(list(itertools.product(range(k), repeat=n)),
                           dtype=np.int32).reshape(len(words), n)
        assert satcirc.decide(model, indices, engine=engine).tolist() == expected


def test_decide_keeps_the_callers_order_on_many_threads():
    model = satcirc.zoo("parity")
    rng = random.Random(5)
    words = ["".join(rng.choice("01") for _ in range(rng.randint(0, 14)))
             for _ in range(20000)]
    expected = [w.count("1") % 2 == 1 for w in words]
    assert satcirc.decide(model, words, threads=1).tolist() == expected
    assert satcirc.decide(model, words, threads=3).tolist() == expected
    array = np.random.default_rng(3).integers(0, 2, size=(20000, 12), dtype=np.uint8)
    assert satcirc.decide(model, array, threads=2).tolist() == list(array.sum(1) % 2 == 1)


def test_decide_refuses_bad_words():
    model = satcirc.zoo("parity")
    with pytest.raises(satcirc.Error, match=r"words\[1\]: .*character 3 \('2'\)"):
        satcirc.decide(model, ["01", "012"])
    with pytest.raises(satcirc.Error, match=r"words\[1, 2\] = 2"):
        satcirc.decide(model, np.array([[0, 1, 1], [0, 1, 2]]))
    with pytest.raises(satcirc.Error, match="-1"):
        satcirc.decide(model, np.array([[0, -1]]))
    with pytest.raises(TypeError, match="integer"):
        satcirc.decide(model, np.zeros((2, 3)))
    with pytest.raises(TypeError, match="2-D"):
        satcirc.decide(model, np.zeros(3, dtype=np.int64))
    with pytest.raises(TypeError):
        satcirc.decide(model, [0, 1])
    assert satcirc.decide(model, []).tolist() == []


def test_run_alternating_models_and_engines_stays_exact():
    """run() keeps its last engine for an equal model: alternating two models that
    differ only in their heads' mode must still give each its own decisions."""
    models = [satcirc.zoo("majority"), satcirc.zoo("majority-hard")]
    words = ["".join(t) for n in range(7) for t in itertools.product("01", repeat=n)]
    expected = {(i, e): satcirc.decide(m, words, engine=e).tolist()
                for i, m in enumerate(models) for e in ("exact", "fixed:3")}
    assert expected[0, "exact"] != expected[1, "exact"]
    got = {key: [] for key in expected}
    for w in words:
        for i, m in enumerate(models):
            for e in ("exact", "fixed:3"):
                got[i, e].append(satcirc.run(m, w, engine=e).accept)
    assert got == expected
