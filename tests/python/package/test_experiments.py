"""satcirc.atlas and satcirc.precision against `satcirc atlas` and `satcirc precision`."""

import json
import os

import pytest

import satcirc

SMALL = dict(sampled_lengths="32", samples=20, exhaustive_words=256)
SMALL_FLAGS = ["--sampled-lengths", "32", "--samples", "20", "--exhaustive-words", "256"]


def test_atlas_equals_the_command(cli):
    models = ["parity", "zoo:parity-hard", "dyck1"]
    result = satcirc.atlas(models, **SMALL)
    flags = ["--models", ",".join(models), *SMALL_FLAGS]
    proc = cli("atlas", *flags)
    assert result.to_markdown() == proc.stdout
    assert result._repr_markdown_() == proc.stdout
    assert result.to_json() == cli("atlas", *flags, "--json").stdout
    assert result.as_expected == (proc.returncode == 0)
    rows = json.loads(result.to_json())["rows"]
    assert [r["holds"] for r in result.rows] == [r["holds"] for r in rows]
    hard = [r for r in result.rows if r["model"] == "parity-hard"]
    assert hard and not hard[0]["holds"] and hard[0]["counterexample"] is not None


def test_atlas_of_a_model_object_equals_the_commands_file_row(cli, repo):
    path = os.path.join(repo, "examples/programs/first.brasp")
    result = satcirc.atlas([satcirc.load(path)], **SMALL)
    expected = cli("atlas", "--models", path, *SMALL_FLAGS, "--json").stdout
    assert result.to_json() == expected.replace(json.dumps(path), json.dumps("first"))
    with pytest.raises(satcirc.Error, match="declares no language"):
        satcirc.atlas([satcirc.Model.from_json(satcirc.zoo("first").to_json())], **SMALL)
    with pytest.raises(satcirc.Error, match="did you mean zoo:parity"):
        satcirc.atlas(["paritty"], **SMALL)


def test_precision_equals_the_command(cli):
    rows = satcirc.precision(satcirc.zoo("parity"), "2..6")
    out = json.loads(cli("precision", "--model", "zoo:parity", "--lengths", "2..6",
                         "--json").stdout)
    expected = out["models"][0]["lengths"]
    assert [{k: r[k] for k in ("n", "p_star", "exhaustive", "strings")} for r in rows] \
        == expected
    for row in rows:  # a witness exactly when p* > 0
        assert (row["witness"] is not None) == (row["p_star"] > 0)


def test_plot_svg_fits_and_draws_like_the_commands():
    # y = 3 x² on log–log axes: the fitted slope is 2 and the legend says so.
    svg = satcirc.plot_svg([{"label": "3x²", "x": [1, 2, 4, 8], "y": [3, 12, 48, 192],
                             "show_fit": True}],
                           title="a power law", x_label="x", y_label="y",
                           log_x=True, log_y=True)
    assert svg.startswith("<?xml") and svg.rstrip().endswith("</svg>")
    assert "a power law" in svg and "slope k = 2.00" in svg


def test_plot_svg_names_the_bad_series():
    with pytest.raises(satcirc.Error, match="unknown series key 'lable'"):
        satcirc.plot_svg([{"lable": "a", "x": [1], "y": [1]}])
    with pytest.raises(satcirc.Error, match='series 0 \\("a"\\)'):
        satcirc.plot_svg([{"label": "a", "x": [1, 2], "y": [1]}])
