"""satcirc.ModelBuilder and programs: against the zoo's C++ constructions, the
satcirc command's program loading, and the interpreter against the compiled model."""

import glob
import itertools
import json
import os
from fractions import Fraction

import pytest

import satcirc


def build_majority():  # lib/zoo/majority.cc, call for call
    b = satcirc.ModelBuilder("majority", "01")
    b.describe(satcirc.zoo("majority").description)
    is_one = b.token_indicator("is_one", "1")
    inv = b.positional("inv_pos", "inverse_position")
    frac_ones = b.add_feature("frac_ones")
    b.add_layer().add_head("mean", "saturated", "none").average(is_one, frac_ones)
    b.set_readout("last", [(frac_ones, 1), (inv, Fraction(-1, 4))], "-1/2")
    return b.build()


def build_parity():  # lib/zoo/parity.cc
    b = satcirc.ModelBuilder("parity", "01")
    b.describe(satcirc.zoo("parity").description)
    b.with_bos()
    is_one = b.token_indicator("is_one", "1")
    one = b.positional("one", "constant")
    pf = b.positional("pos_frac", "position_fraction")
    pf2 = b.positional("pos_frac_sq", "position_fraction_squared")
    alt = b.positional("alt", "alternating")
    c = b.add_feature("frac_ones")
    sign = b.add_feature("sign")
    b.add_layer().add_head("count").average(is_one, c)
    b.add_layer().add_head("peak").score_term(c, pf, 2).score_term(one, pf2, -1).average(alt, sign)
    b.set_readout("last", {sign: -1}, 0)
    return b.build()


def build_anbn():  # lib/zoo/anbn.cc: embed, relu, two heads in a layer
    b = satcirc.ModelBuilder("anbn", "ab")
    b.describe(satcirc.zoo("anbn").description)
    b.with_bos()
    is_a = b.token_indicator("is_a", "a")
    is_b = b.token_indicator("is_b", "b")
    step = b.add_feature("step")
    b.embed("a", step, 1).embed("b", step, -1)
    one = b.positional("one", "constant")
    inv = b.positional("inv_pos", "inverse_position")
    d, b_before, bad, dpos, dneg, m = (b.add_feature(n) for n in (
        "diff", "b_before", "bad", "diff_pos", "diff_neg", "worst"))
    l1 = b.add_layer()
    l1.add_head("balance", "saturated", "none").average(step, d)
    l1.add_head("b_so_far", "saturated", "causal").average(is_b, b_before)
    l1.relu([(b_before, 1), (is_a, 1)], -1, [(bad, 1)])
    l1.relu([(d, 1)], 0, [(dpos, 1)])
    l1.relu([(d, -1)], 0, [(dneg, 1)])
    b.add_layer().add_head("worst", "saturated", "none").score_term(one, bad).average(bad, m)
    b.set_readout("last", [(inv, "1/2"), (m, -1), (dpos, -1), (dneg, -1)], 0)
    return b.build()


@pytest.mark.parametrize("name,build", [("majority", build_majority),
                                        ("parity", build_parity), ("anbn", build_anbn)])
def test_builder_rebuilds_the_zoo_exactly(name, build):
    model = build()
    assert model == satcirc.zoo(name)
    assert model.to_json() == satcirc.zoo(name).to_json()
    assert model.language is None


def test_builder_errors_name_what():
    b = satcirc.ModelBuilder("m", "01")
    with pytest.raises(satcirc.Error, match="unknown attention mode 'saturate'"):
        b.add_layer().add_head("h", "saturate")
    with pytest.raises(satcirc.Error, match="unknown mask 'casual'"):
        b.add_layer().add_head("h", "saturated", "casual")
    with pytest.raises(satcirc.Error, match="positional function 'pos'"):
        b.positional("p", "pos")
    with pytest.raises(satcirc.Error, match="readout position 'middle'"):
        b.set_readout("middle", [], 0)
    other = satcirc.ModelBuilder("other", "01")
    other.add_feature("a")
    stranger = other.add_feature("b")
    x = b.add_feature("x")
    b.set_readout("last", [(stranger, 1)], 0)
    with pytest.raises(satcirc.Error, match="readout: feature #1 was not created by this builder"):
        b.build()
    b.set_readout("last", [(x, 1)], 0)
    b.embed("2", x, 1)
    with pytest.raises(satcirc.Error, match="token '2' is not in the alphabet"):
        b.build()
    with pytest.raises(TypeError):
        b.embed("1", x, True)
    with pytest.raises(satcirc.Error):
        b.embed("1", x, "1/0")


PROGRAMS = sorted(glob.glob(os.path.join(
    os.environ.get("SATCIRC_REPO", os.path.join(os.path.dirname(__file__), "../../..")),
    "examples/programs/*.*rasp")))


def all_words(alphabet, max_n):
    return ["".join(t) for n in range(max_n + 1) for t in itertools.product(alphabet, repeat=n)]


@pytest.mark.parametrize("path", PROGRAMS, ids=os.path.basename)
def test_program_compiles_to_the_loaded_model_and_agrees_with_it(path):
    program = satcirc.load_program(path)
    model = program.model()
    assert model == satcirc.load(path)
    assert model.language == satcirc.load(path).language == program.language
    assert program.kind == os.path.splitext(path)[1][1:]
    words = all_words(program.alphabet, 5)
    interpreted = [program.run(w)["accept"] for w in words]
    assert list(satcirc.decide(model, words)) == interpreted
    assert [satcirc.run(model, w).accept for w in words[:40]] == interpreted[:40]
    again = (satcirc.brasp if program.kind == "brasp" else satcirc.crasp)(
        program.text, name=program.name)
    assert again.model() == model
    if program.kind == "brasp":  # FormatBrasp is a fixed point; FormatCrasp may add "1 *"
        assert again.text == program.text


def test_program_run_equals_the_commands_trace(cli, repo):
    for name, word in [("contains_11.brasp", "01101"), ("dyck1.crasp", "(()))(")]:
        path = os.path.join(repo, "examples/programs", name)
        got = satcirc.load_program(path).run(word)
        out = json.loads(cli("program", "run", path, "--input", word, "--trace", "--json").stdout)
        assert got["accept"] == out["accept"]
        assert list(got["vectors"]) == list(out["vectors"])
        for key, values in got["vectors"].items():
            expected = out["vectors"][key]
            if isinstance(expected, str):
                expected = [c == "1" for c in expected]
            assert values == expected


def test_equiv_matches_the_command(cli, repo):
    for path in PROGRAMS:
        program = satcirc.load_program(path)
        if program.kind != "brasp" or program.language is None:
            continue
        result = cli("program", "equiv", path, "--json")
        if result.returncode == 2:  # not a one-way program, or not regular
            with pytest.raises(satcirc.Error) as e:
                program.equiv()
            assert str(e.value) in result.stderr
            continue
        assert program.equiv() == json.loads(result.stdout)
        assert program.dfa_equal == (result.returncode == 0)
    differ = satcirc.load_program(os.path.join(repo, "examples/programs/first.brasp"))
    got = differ.equiv("parity")
    assert not got["equal"] and got["counterexample"] is not None
    assert differ.run(got["counterexample"])["accept"] != (
        got["counterexample"] in satcirc.language("parity"))


def test_malformed_program_error_is_the_commands(cli, tmp_path):
    bad = tmp_path / "bad.brasp"
    bad.write_text('alphabet "01"\nlet x = Q(0) &\noutput x\n')
    with pytest.raises(satcirc.Error) as e:
        satcirc.load_program(str(bad))
    assert str(e.value).startswith(f"{bad}:2:")
    assert str(e.value) in cli("program", "run", bad, "--input", "01").stderr
    with pytest.raises(satcirc.Error, match=r"^<string>:2:"):
        satcirc.brasp(bad.read_text())
    badc = tmp_path / "bad.crasp"
    badc.write_text('alphabet "ab"\nlet c = count(Q(z)) < 1\noutput c\n')
    with pytest.raises(satcirc.Error) as e:
        satcirc.load_program(str(badc))
    assert str(e.value) in cli("program", "run", badc, "--input", "ab").stderr


MINE = ["ModelBuilder", "LayerBuilder", "HeadBuilder", "Feature", "Program", "brasp", "crasp",
        "load_program", "Language", "language", "language_families", "RunResult", "run",
        "decide"]


def explains(name, doc):
    """Whether a pybind11 docstring says more than the signature."""
    return any(line.strip() and not line.strip().startswith(name + "(")
               for line in (doc or "").splitlines())


def test_everything_exported_has_a_docstring():
    assert set(MINE) <= set(satcirc.__all__)
    for name in satcirc.__all__:  # help(satcirc.X) explains every X
        obj = getattr(satcirc, name)
        assert explains(name, obj.__doc__), name
        if isinstance(obj, type):
            for attr, value in vars(obj).items():
                if not attr.startswith("_"):
                    assert explains(attr, value.__doc__), f"{name}.{attr}"


def test_eos_constants_and_scale_build_a_working_model():
    b = satcirc.ModelBuilder("last-one", "01").describe("the last symbol is 1")
    eos = b.eos_indicator("eos")
    is_one = b.token_indicator("is_one", "1")
    last = b.add_feature("last_is_one")
    half = b.add_feature("half")
    layer = b.add_layer()
    layer.add_head("rightmost", "hard_right", "strict").scale("1/3").average(is_one, last)
    layer.add_constant(half, Fraction(1, 2))
    b.set_readout("eos", [(last, 1), (half, -1), (eos, 0)])
    model = b.build()
    assert model.eos and not model.bos and model.description == "the last symbol is 1"
    assert model.layers[0]["heads"][0]["scale"] == Fraction(1, 3)
    assert model.layers[0]["heads"][0]["mode"] == "hard_right"
    words = all_words("01", 7)
    assert satcirc.decide(model, words).tolist() == [w.endswith("1") for w in words]
    assert {satcirc.run(model, w).y for w in words} == {Fraction(1, 2), Fraction(-1, 2)}
