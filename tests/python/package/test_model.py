"""satcirc.Model, load, zoo: against the satcirc command's own model files."""

import os

import pytest

import satcirc


def test_zoo_model_equals_the_commands_file(cli, tmp_path):
    for entry in satcirc.zoo_entries():
        path = tmp_path / f"{entry['name']}.json"
        assert cli("zoo", entry["name"], "-o", path).returncode == 0
        model = satcirc.zoo(entry["name"])
        assert model.to_json() == path.read_text()
        assert satcirc.load(str(path)) == model
        assert model.language == entry["language"]
        assert satcirc.load(str(path)).language is None


def test_save_round_trips_exactly(tmp_path):
    model = satcirc.zoo("dyck1")
    target = tmp_path / "dyck1.json"
    model.save(str(target))
    assert target.read_text() == model.to_json()
    assert satcirc.Model.from_json(target.read_text()) == model
    assert os.listdir(tmp_path) == ["dyck1.json"]  # no temporary file left


def test_programs_load_with_their_language(repo):
    model = satcirc.load(os.path.join(repo, "examples/programs/dyck1_depth2.brasp"))
    assert model.language == "dyck:k=1,depth=2"
    assert model.num_layers > 0


def test_errors_carry_the_tools_message(cli, tmp_path):
    with pytest.raises(satcirc.Error, match="did you mean zoo:parity") as e:
        satcirc.load("zoo:parityy")
    assert e.value.code == "NOT_FOUND"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "satcirc-model/1", "name": 3}')
    with pytest.raises(satcirc.Error) as e:
        satcirc.load(str(bad))
    expected = cli("run", "--model", bad, "--input", "0").stderr
    assert str(e.value) in expected
    assert satcirc.validate(str(bad)) == str(e.value)
    assert satcirc.validate("zoo:parity") is None
    with pytest.raises(satcirc.Error, match="<string>"):
        satcirc.Model.from_json("[1, 2")
    assert issubclass(satcirc.Error, ValueError)


def test_properties_and_reprs():
    model = satcirc.zoo("parity")
    assert model.alphabet == "01" and model.bos and model.d == len(model.features)
    assert [len(layer["heads"]) for layer in model.layers] == [1, 1]
    assert "parity" in repr(model) and "| 1 | count |" in model._repr_markdown_()
