"""satcirc.language: counts against `satcirc count` and brute force, samples,
enumeration, and the CLI's hints for unknown languages."""

import json

import pytest

import satcirc

SPECS = ["parity", "majority", "dyck:k=2", "dyck:k=1,depth=2", "tomita:3", "anbn",
         "regex:(ab)*", "counts:#a=#b"]


@pytest.mark.parametrize("spec", SPECS)
def test_counts_equal_the_command_and_brute_force(cli, spec):
    lang = satcirc.language(spec)
    out = json.loads(cli("count", "--lang", spec, "--lengths", "0..6,40", "--json").stdout)
    assert out["alphabet"] == lang.alphabet
    for row in out["lengths"]:
        assert lang.count(row["n"]) == row["members"]
        assert isinstance(lang.count(row["n"]), int)
    for n in range(7):
        every = lang.words(n)
        assert len(every) == len(lang.alphabet) ** n
        members = [w for w in every if w in lang]
        assert lang.count(n) == len(members)
        assert lang.words(n, members=True) == members
        assert lang.words(n, members=False) == [w for w in every if not lang.contains(w)]


def test_samples_are_seeded_and_of_the_class_asked_for():
    lang = satcirc.language("dyck:k=2")
    assert lang.sample(30, 50, seed=7) == lang.sample(30, 50, seed=7)
    assert lang.sample(30, 50, seed=7) != lang.sample(30, 50, seed=8)
    members = lang.sample(30, 40, seed=3, members=True)
    assert len(members) == 40 and all(len(w) == 30 and w in lang for w in members)
    others = lang.sample(30, 40, seed=3, members=False)
    assert len(others) == 40 and all(len(w) == 30 and w not in lang for w in others)
    mixed = lang.sample(30, 40, seed=3)
    assert all(len(w) == 30 for w in mixed)
    assert any(w in lang for w in mixed) and any(w not in lang for w in mixed)
    with pytest.raises(satcirc.Error):  # no member of odd length
        lang.sample(5, 3, members=True)


def test_properties_and_limits():
    lang = satcirc.language("dyck:k=2,depth=3")
    assert (lang.spec, lang.name, lang.alphabet) == ("dyck:k=2,depth=3", "dyck", "()[]")
    assert lang.is_regular is True and satcirc.language("dyck:k=2").is_regular is False
    assert "()" in lang and not lang.contains(")(")
    with pytest.raises(satcirc.Error, match=r"character 2 \('x'\)"):
        lang.contains("(x")
    with pytest.raises(satcirc.Error, match="more than"):
        lang.words(11)
    assert satcirc.language("parity").count(1000) == 2 ** 999


def test_unknown_language_carries_the_commands_hint(cli):
    with pytest.raises(satcirc.Error, match="did you mean parity") as e:
        satcirc.language("parityy")
    assert str(e.value) in cli("count", "--lang", "parityy", "--lengths", "1").stderr
    with pytest.raises(satcirc.Error, match="the zoo model is zoo:dyck1"):
        satcirc.language("dyck1")


def test_families_are_the_commands(cli):
    assert satcirc.language_families() == json.loads(cli("langs", "--json").stdout)
