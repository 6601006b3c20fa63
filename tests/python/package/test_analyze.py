"""satcirc.analyze against `satcirc analyze --json`.

The module writes its JSON with the command's own code (tools/analyze_report.h),
so to_json() equals the command's output byte for byte. The command prints each
rational as the double mpq_class::get_d gives (%.17g, which reads back exactly);
the NumPy arrays hold those same doubles, so they compare exactly, and the exact
Fractions are compared with the command's exact strings where it prints one
(sensitivity_exact) and otherwise must round to the printed double.
"""

import json
from fractions import Fraction

import numpy as np
import pytest

import satcirc

CASES = [("parity", "0..6"), ("majority", "1..7"), ("first", "1..5"),
         ("dyck:k=1", "0..8"), ("dyck:k=2,depth=2", "2,4")]


def analyze_cli(cli, *args):
    proc = cli("analyze", *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def truncated(q):
    """The double mpq_class::get_d gives: q rounded toward zero."""
    x = float(q)
    if abs(Fraction(x)) > abs(q):
        x = np.nextafter(x, 0.0)
    return x


@pytest.mark.parametrize("lang,lengths", CASES)
def test_analyze_equals_the_command(cli, lang, lengths):
    result = satcirc.analyze(lang, lengths)
    text = analyze_cli(cli, "--lang", lang, "--lengths", lengths)
    assert result.to_json() == text
    expected = json.loads(text)
    assert result.language == expected["lang"] and result.alphabet == expected["alphabet"]
    assert result.regular == expected["regular"]
    assert result.syntactic_monoid == expected["syntactic_monoid"]
    for mine, row in zip(result.lengths, expected["lengths"], strict=True):
        assert (mine.n, mine.members, mine.words) == (row["n"], row["members"], row["words"])
        assert mine.exhaustive and row["mode"] == "exhaustive"
        assert str(mine.sensitivity) == row["sensitivity_exact"]
        assert truncated(mine.sensitivity) == row["sensitivity"]
        assert truncated(mine.total_influence) == row["total_influence"]
        assert truncated(mine.symmetric_energy) == row["symmetric_energy"]
        assert np.array_equal(mine.weight_by_degree, np.array(row["weight_by_degree"]))
        assert [truncated(w) for w in mine.weight_by_degree_exact] == row["weight_by_degree"]
        if mine.fourier_exact:  # Parseval: the ±1 function's weights sum to 1
            assert sum(mine.weight_by_degree_exact) == 1
        else:  # beyond two symbols: computed in doubles
            assert len(result.alphabet) > 2
        if "isotypic_energy" in row:
            assert np.array_equal(mine.isotypic_energy, np.array(row["isotypic_energy"]))
        else:
            assert mine.isotypic_energy is None


def test_parity_is_all_weight_on_the_top_degree():
    """Brute force: parity's ±1 function is the character of degree n."""
    for length in satcirc.analyze("parity", range(1, 7)).lengths:
        weights = length.weight_by_degree_exact
        assert weights[-1] == 1 and sum(weights[:-1]) == 0
        assert length.sensitivity == length.n


def test_sampled_lengths_equal_the_command(cli):
    result = satcirc.analyze("majority", [25], samples=200, seed=3)
    text = analyze_cli(cli, "--lang", "majority", "--lengths", "25", "--samples", 200,
                       "--seed", 3)
    assert result.to_json() == text
    row = json.loads(text)["lengths"][0]
    mine = result.lengths[0]
    assert not mine.exhaustive and mine.sensitivity is None
    assert (mine.sensitivity_estimate, mine.standard_error, mine.samples) == \
        (row["sensitivity_estimate"], row["standard_error"], row["samples"])


def test_errors_carry_the_commands_message(cli):
    for kwargs, args in [({"lang": "parityy", "lengths": "1"}, ["--lang", "parityy", "--lengths", "1"]),
                         ({"lang": "parity", "lengths": "3..1"}, ["--lang", "parity", "--lengths", "3..1"]),
                         ({"lang": "parity", "lengths": "30"}, ["--lang", "parity", "--lengths", "30"])]:
        with pytest.raises(satcirc.Error) as e:
            satcirc.analyze(**kwargs)
        proc = cli("analyze", *args)
        assert proc.returncode == 2 and str(e.value) in proc.stderr


def g6(x):
    """A number as the experiment commands print it (%.6g; NaN as null)."""
    return None if x is None or x != x else float(f"{x:.6g}")


@pytest.mark.parametrize("name,sigma,scale", [("parity", 0.05, None), ("majority", 0.1, None),
                                              ("dyck1", 0.02, 8.0)])
def test_sharpness_equals_the_command_at_its_printed_precision(cli, name, sigma, scale):
    """The command prints %.6g: every number is compared at that precision."""
    result = satcirc.sharpness(satcirc.zoo(name), "2..5", sigma, draws=4, scale=scale)
    args = ["sharpness", "--model", f"zoo:{name}", "--lengths", "2..5", "--sigma", sigma,
            "--draws", 4, "--json"]
    if scale is not None:
        args += ["--scale", scale]
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    expected = json.loads(proc.stdout)
    assert (g6(result.sigma), result.draws, result.seed) == \
        (expected["sigma"], expected["draws"], expected["seed"])
    for mine, row in zip(result.rows, expected["rows"], strict=True):
        for key, value in row.items():
            if key == "model":
                continue
            if isinstance(value, float) or key in ("scale", "sensitivity"):
                assert g6(mine[key]) == value, key
            else:
                assert mine[key] == value, key
    assert np.array_equal(result.mean_increase, [r["mean_increase"] for r in result.rows])
    xml_text = result._repr_svg_()
    assert xml_text.lstrip().startswith(("<?xml", "<svg"))


@pytest.mark.parametrize("name,lengths", [("majority", "2,4,8"), ("parity", "2..5"),
                                          ("first", "2,4")])
def test_saturate_equals_the_command_at_its_printed_precision(cli, name, lengths):
    """The command prints %.6g: c*, the fit and the metrics compared at that precision."""
    result = satcirc.saturate(satcirc.zoo(name), lengths, scales=[1, 16, 256])
    proc = cli("saturate", "--model", f"zoo:{name}", "--lengths", lengths,
               "--scales", "1,16,256", "--json")
    assert proc.returncode == 0, proc.stderr
    expected = json.loads(proc.stdout)
    assert result.metrics_length == expected["metrics_length"]
    model = expected["models"][0]
    for i, row in enumerate(model["lengths"]):
        assert result.n[i] == row["n"]
        assert g6(result.c_star[i]) == row["c_star"]
        assert (result.at_floor[i], result.exhaustive[i], result.strings[i]) == \
            (row["at_floor"], row["exhaustive"], row["strings"])
    if model["fit"] is None:
        assert result.fit is None
    else:
        assert {k: (g6(v) if k != "points" else v) for k, v in result.fit.items()} == model["fit"]
    for i, metrics in enumerate(model["metrics"]):
        assert g6(result.scales[i]) == metrics["scale"]
        assert [[g6(v) for v in layer[i]] for layer in result.head_l1] == metrics["head_l1"]
        assert [g6(v) for v in result.layer_cosine[i]] == metrics["layer_cosine"]
    assert "<svg" in result._repr_svg_()


def test_saturate_accuracy_equals_the_commands(cli):
    """The accuracy per length (and with every parameter scaled) is the command's
    --json, to its printed precision."""
    result = satcirc.saturate(satcirc.zoo("parity"), "3,4", scales=[1, 64],
                              parameters=True)
    proc = cli("saturate", "--model", "zoo:parity", "--lengths", "3,4",
               "--scales", "1,64", "--parameters", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["models"][0]["lengths"]
    assert len(result.accuracy) == len(rows) == 2
    for mine, row in zip(result.accuracy, rows):
        acc = row["accuracy"]
        assert mine["n"] == row["n"] and mine["scales"] == acc["scales"]
        assert [g6(v) for v in mine["float"]] == acc["float"]
        assert g6(mine["limit"]) == acc["limit"]
        assert [g6(v) for v in mine["param_float"]] == acc["parameters"]["float"]
        assert g6(mine["param_limit"]) == acc["parameters"]["limit"]
    assert result.metrics_accuracy["n"] == result.metrics_length
    plain = satcirc.saturate(satcirc.zoo("parity"), 3, scales=[1])
    assert plain.accuracy[0]["param_limit"] is None
    assert satcirc.saturate(satcirc.zoo("parity"), 3, scales=[1], lang=None,
                            parameters=True).accuracy[0]["param_limit"] is not None


def test_experiment_errors():
    with pytest.raises(satcirc.Error, match="sigma=-1"):
        satcirc.sharpness(satcirc.zoo("parity"), 3, -1.0)
    with pytest.raises(satcirc.Error, match=r"parity: the model.s alphabet is .01., dyck:k=1.s .\(\)."):
        satcirc.sharpness(satcirc.zoo("parity"), 3, 0.1, lang="dyck:k=1")
