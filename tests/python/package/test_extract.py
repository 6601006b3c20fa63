"""satcirc.quantize, limit, compare, heads and automaton (lib/extract) against
what they claim — decisions kept, every head saturated, a language's minimal
DFA — and against `satcirc quantize/limit/heads/automaton --json`.
"""

import itertools
import json
import os

import pytest

import satcirc


def words_upto(alphabet, n):
    return ["".join(w) for k in range(n + 1) for w in itertools.product(alphabet, repeat=k)]


def all_heads(model):
    return [h for layer in model.layers for h in layer["heads"]]


def edited(model, edit):
    """The model with its file's JSON changed by edit(dict) (keeps its language)."""
    data = json.loads(model.to_json())
    edit(data)
    out = satcirc.Model.from_json(json.dumps(data))
    out.language = model.language
    return out


def softmax_copy(model):
    def edit(data):
        for layer in data["layers"]:
            for head in layer["heads"]:
                head["mode"] = "softmax"
    return edited(model, edit)


def with_layer_norm(model):
    return edited(model, lambda data: data.update(layer_norm={"placement": "pre"}))


def zoo_models():
    return [(e["name"], satcirc.zoo(e["name"])) for e in satcirc.zoo_entries()]


# ----- quantize -----

def test_quantize_on_a_fine_grid_keeps_parity_decisions():
    parity = satcirc.zoo("parity")
    rounded, stats = satcirc.quantize(parity, "grid:24")
    assert rounded.name == "parity-grid:24" and rounded.language == "parity"
    words = words_upto(parity.alphabet, 8)
    assert (satcirc.decide(rounded, words) == satcirc.decide(parity, words)).all()
    assert satcirc.check(rounded, lengths="0..8").holds
    assert stats["round"] == "grid:24"
    assert 0 <= stats["moved"] <= stats["weights"]
    assert stats["largest_change"] <= satcirc_fraction(1, 2 ** 25)
    assert stats["largest_denominator"] <= 2 ** 24
    # On the grid already: rounding again moves nothing and changes nothing else.
    again, again_stats = satcirc.quantize(rounded, "grid:24")
    assert again_stats["moved"] == 0 and again_stats["largest_change"] == 0
    assert json.loads(again.to_json())["layers"] == json.loads(rounded.to_json())["layers"]


def satcirc_fraction(a, b):
    from fractions import Fraction
    return Fraction(a, b)


@pytest.mark.parametrize("round_spec", ["grid:24", "bits:24"])
def test_every_zoo_model_keeps_its_decisions(round_spec):
    for name, model in zoo_models():
        rounded, _ = satcirc.quantize(model, round_spec)
        lengths = [n for n in range(0, 15) if len(model.alphabet) ** n <= 1 << 10]
        rows = satcirc.compare(model, rounded, lengths, threads=2)
        assert [r["changed"] for r in rows] == [0] * len(lengths), name


def test_coarse_grid_moves_weights_within_half_a_step():
    majority = satcirc.zoo("majority")
    _, stats = satcirc.quantize(majority, "grid:0")
    assert stats["largest_change"] <= satcirc_fraction(1, 2)
    assert stats["largest_denominator"] == 1  # every weight an integer
    assert 0 < stats["moved"] <= stats["weights"]


def test_quantize_equals_the_command(cli):
    model = satcirc.zoo("majority")
    rounded, stats = satcirc.quantize(model, "bits:2")
    written = cli("quantize", "--model", "zoo:majority", "--round", "bits:2", "-o", "-")
    assert written.returncode == 0, written.stderr
    assert rounded.to_json() == written.stdout
    proc = cli("quantize", "--model", "zoo:majority", "--round", "bits:2",
               "--lengths", "0..9,40", "--samples", "200", "--json")
    assert proc.returncode == 0, proc.stderr
    expected = json.loads(proc.stdout)
    for key in ("round", "weights", "moved", "nonzero_before", "nonzero_after"):
        assert stats[key] == expected[key], key
    assert str(stats["largest_change"]) == expected["largest_change"]
    assert str(stats["largest_denominator"]) == expected["largest_denominator"]
    rows = satcirc.compare(model, rounded, "0..9,40", samples=200)
    assert_comparison_equals(rows, expected, "rounded")


def assert_comparison_equals(rows, expected, what):
    """compare's rows against the command's --json "lengths" (keys renamed)."""
    assert len(rows) == len(expected["lengths"])
    names = {"original_right": "before_right", f"{what}_right": "after_right",
             "original_accepts": "before_accepts"}
    for row, cli_row in zip(rows, expected["lengths"]):
        assert {names.get(k, k): v for k, v in cli_row.items()} == \
            {k: v for k, v in row.items() if v is not None}


# ----- compare -----

def test_compare_counts_the_strings_decided_differently():
    majority, parity = satcirc.zoo("majority"), satcirc.zoo("parity")
    rows = satcirc.compare(majority, parity, "0..7")
    lang = satcirc.language("majority")
    for row in rows:
        words = [w for w in words_upto("01", row["n"]) if len(w) == row["n"]]
        a, b = satcirc.decide(majority, words), satcirc.decide(parity, words)
        differ = [w for w, x, y in zip(words, a, b) if x != y]
        assert row["mode"] == "exhaustive" and row["strings"] == len(words)
        assert row["changed"] == len(differ)
        assert row["first_changed"] == (min(differ) if differ else None)
        if differ:
            assert row["before_accepts"] == (row["first_changed"] in lang)
        assert row["before_right"] == sum(bool(x) == (w in lang) for w, x in zip(words, a))
        assert row["after_right"] == sum(bool(y) == (w in lang) for w, y in zip(words, b))


def test_compare_samples_long_lengths_only_with_a_language():
    majority = satcirc.zoo("majority")
    rows = satcirc.compare(majority, majority, [30], samples=50)
    assert rows[0]["mode"] == "sampled" and rows[0]["changed"] == 0
    assert rows[0]["before_right"] == rows[0]["strings"]
    bare = satcirc.Model.from_json(majority.to_json())  # declares no language
    with pytest.raises(satcirc.Error, match="give a language") as error:
        satcirc.compare(bare, bare, [30])
    assert error.value.code == "INVALID_ARGUMENT"
    with pytest.raises(satcirc.Error, match="different alphabets"):
        satcirc.compare(majority, satcirc.zoo("dyck1"), [2])


# ----- limit -----

def test_limit_saturates_every_head_of_every_zoo_model():
    for name, model in zoo_models():
        heads = all_heads(model)
        saturated = sum(h["mode"] == "saturated" for h in heads)
        limit, stats = satcirc.limit(model)
        assert limit.name == model.name + "-limit"
        assert all(h["mode"] == "saturated" for h in all_heads(limit)), name
        assert stats == {"softmax_heads": 0, "hard_heads": len(heads) - saturated,
                         "saturated_heads": saturated}, name
        soft_limit, soft_stats = satcirc.limit(softmax_copy(model))
        assert soft_stats["softmax_heads"] == len(heads), name
        assert soft_limit.layers == limit.layers, name
        if saturated == len(heads):  # the limit of a saturated model is itself
            data = json.loads(limit.to_json())
            data.update(name=model.name, description=model.description)
            assert satcirc.Model.from_json(json.dumps(data)) == model, name


def test_softmax_at_a_large_scale_decides_as_the_limit():
    soft = softmax_copy(satcirc.zoo("majority"))
    limit, _ = satcirc.limit(soft)
    rows = satcirc.compare(soft, limit, [1, 2, 5, 8, 11], engine="float:4096")
    assert [r["changed"] for r in rows] == [0] * 5


def test_limit_refuses_layer_norm():
    model = with_layer_norm(satcirc.zoo("majority"))
    with pytest.raises(satcirc.Error, match="majority has layer normalization") as error:
        satcirc.limit(model)
    assert error.value.code == "FAILED_PRECONDITION"


def test_limit_equals_the_command(cli):
    model = satcirc.zoo("majority")
    limit, stats = satcirc.limit(model)
    written = cli("limit", "--model", "zoo:majority", "-o", "-")
    assert written.returncode == 0, written.stderr
    assert limit.to_json() == written.stdout
    proc = cli("limit", "--model", "zoo:majority", "--lengths", "1..8", "--json")
    assert proc.returncode == 0, proc.stderr
    expected = json.loads(proc.stdout)
    assert stats == {k: expected[k] for k in stats}
    rows = satcirc.compare(model, limit, "1..8", engine=expected["engine"])
    assert_comparison_equals(rows, expected, "limit")


# ----- heads -----

def test_heads_one_row_per_head():
    for name in ("majority", "dyck1", "parity", "tomita4", "first"):
        model = satcirc.zoo(name)
        heads = satcirc.heads(model, "1,3,6", exhaustive_limit=64)
        names = [(layer, h["name"]) for layer, entry in enumerate(model.layers, 1)
                 for h in entry["heads"]]
        assert [(h["layer"], h["head"]) for h in heads] == \
            [(layer, f"L{layer}H{i} ({n})") for layer, group in
             itertools.groupby(names, key=lambda x: x[0])
             for i, (_, n) in enumerate(group, 1)], name
        for h in heads:
            assert h["kind"] in ("local", "averaging", "mixed")
            assert [l["n"] for l in h["lengths"]] == [1, 3, 6]
            for l in h["lengths"]:
                assert l["strings"] == len(model.alphabet) ** l["n"]
                if l["rows"]:
                    assert 1 <= l["mean_size"] <= l["max_size"]
                    assert 0 <= l["single_share"] <= 1 and 0 < l["mean_fraction"] <= 1


def test_majority_head_averages_every_key():
    (head,) = satcirc.heads(satcirc.zoo("majority"), [8, 16, 32, 64], samples=20)
    assert head["kind"] == "averaging"
    assert head["lengths"][-1]["mean_fraction"] == 1.0
    assert head["growth"] == pytest.approx(1.0, abs=0.05)


def test_heads_equal_the_command(cli):
    heads = satcirc.heads(satcirc.zoo("dyck1"), "2,4,12", samples=30)
    proc = cli("heads", "--model", "zoo:dyck1", "--lengths", "2,4,12", "--samples", "30",
               "--json")
    assert proc.returncode == 0, proc.stderr
    expected = json.loads(proc.stdout)["heads"]
    assert len(heads) == len(expected)
    six = lambda x: float(f"{x:.6g}")  # noqa: E731  (the command's %.6g)
    for h, e in zip(heads, expected):
        assert (h["head"], h["layer"], h["mask"], h["kind"]) == \
            (e["head"], e["layer"], e["mask"], e["kind"])
        assert (h["growth"] is None and e["growth"] is None) or six(h["growth"]) == e["growth"]
        for l, el in zip(h["lengths"], e["lengths"]):
            assert {k: six(v) if isinstance(v, float) else v for k, v in l.items()} == el


def test_heads_errors_name_the_bad_input():
    majority = satcirc.zoo("majority")
    with pytest.raises(satcirc.Error, match="length 0"):
        satcirc.heads(majority, [0, 4])
    with pytest.raises(satcirc.Error, match="layer normalization"):
        satcirc.heads(with_layer_norm(majority), [4])
    with pytest.raises(satcirc.Error, match="alphabet is '01', dyck:k=1's"):
        satcirc.heads(majority, [4], lang="dyck:k=1")


# ----- automaton -----

def nerode_classes(lang, prefix_length, suffix_length):
    """The number of rows of distinct membership over suffixes up to suffix_length,
    among the prefixes up to prefix_length: the minimal DFA's states once both
    lengths reach far enough."""
    suffixes = words_upto(lang.alphabet, suffix_length)
    return len({tuple(p + s in lang for s in suffixes)
                for p in words_upto(lang.alphabet, prefix_length)})


@pytest.mark.parametrize("name", ["tomita4", "parity", "first", "tomita7"])
def test_automaton_of_a_regular_construction_is_its_minimal_dfa(name, tmp_path):
    model = satcirc.zoo(name)
    lang = satcirc.language(model.language)
    dfa = satcirc.automaton(model, test_lengths=[24, 40], samples=50)
    assert dfa.equals_language is True and dfa.difference is None
    assert dfa.language == lang.spec
    assert dfa.states == nerode_classes(lang, 6, 5)
    words = words_upto(model.alphabet, 9)
    accepted = satcirc.decide(model, words)
    assert [dfa.accepts(w) for w in words] == [bool(a) for a in accepted]
    # The AT&T text reads back as the same language.
    dfa.save(str(tmp_path / "a.att"))
    back = satcirc.language(f"dfa:{tmp_path / 'a.att'}")
    assert all((w in back) == (w in lang) for w in words)
    assert dfa.dot().startswith("digraph") and "the automaton of " + name in dfa.dot()


def test_automaton_of_a_negative_control_differs_where_the_model_errs():
    model = satcirc.zoo("parity-hard")
    dfa = satcirc.automaton(model, lang="parity", exhaustive_length=10)
    assert dfa.equals_language is False
    assert satcirc.run(model, dfa.difference).accept != (dfa.difference in
                                                          satcirc.language("parity"))


def test_automaton_equals_the_command(cli):
    dfa = satcirc.automaton(satcirc.zoo("tomita4"), test_lengths="30,60")
    proc = cli("automaton", "--model", "zoo:tomita4", "--test-lengths", "30,60", "--json")
    assert proc.returncode == 0, proc.stderr
    expected = json.loads(proc.stdout)
    expected["model"] = "tomita4"  # the command names its --model argument
    assert dfa.as_dict() == expected
    att = cli("automaton", "--model", "zoo:tomita4", "--test-lengths", "30,60", "-o", "-")
    assert dfa.att() == att.stdout
    assert dfa.star_free == expected["star_free"]


def test_automaton_errors_name_the_bad_input():
    with pytest.raises(satcirc.Error, match="L\\* stopped at 3 states") as error:
        satcirc.automaton(satcirc.zoo("majority"), max_states=3)
    assert error.value.code == "RESOURCE_EXHAUSTED"
    # The advice names the function's arguments, not the command's flags.
    assert "a smaller exhaustive_length ask less; max_states allows" in str(error.value)
    with pytest.raises(satcirc.Error, match="exhaustive_length=-2"):
        satcirc.automaton(satcirc.zoo("parity"), exhaustive_length=-2)
    with pytest.raises(satcirc.Error, match="parity: .*float:0"):
        satcirc.automaton(satcirc.zoo("parity"), engine="float:0")


def test_quantize_names_a_bad_grid():
    parity = satcirc.zoo("parity")
    for spec in ("grid:x", "grid:63", "bits:0", "round:4"):
        with pytest.raises(satcirc.Error, match=f"round='{spec}'") as error:
            satcirc.quantize(parity, spec)
        assert error.value.code == "INVALID_ARGUMENT"
