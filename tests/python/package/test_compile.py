"""satcirc.compile and Circuit against `satcirc compile` and `satcirc run`."""

import itertools
import json
import xml.dom.minidom

import pytest

import satcirc

CASES = [("parity", 4, None), ("majority", 5, None), ("dyck1", 4, 6),
         ("first", 6, None), ("parity-hard", 3, None)]


def compile_cli(cli, tmp_path, name, n, bits, fmt):
    out = tmp_path / f"{name}-{n}.{fmt}"
    args = ["compile", "--model", f"zoo:{name}", "--length", n, "-o", out, "--json"]
    if bits is not None:
        args += ["--precision", bits]
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), out


@pytest.mark.parametrize("name,n,bits", CASES)
def test_stats_and_dot_equal_the_commands(cli, tmp_path, name, n, bits):
    circuit = satcirc.compile(satcirc.zoo(name), n, frac_bits=bits)
    expected, path = compile_cli(cli, tmp_path, name, n, bits, "dot")
    assert circuit.frac_bits == expected["precision"]
    assert circuit.precision_source == expected["precision_source"]
    for key, value in circuit.stats.items():
        assert expected[key] == value, key
    assert circuit.dot() == path.read_text()


@pytest.mark.parametrize("fmt", ["json", "blif", "v", "aag", "aig"])
def test_write_equals_the_commands_file(cli, tmp_path, fmt):
    circuit = satcirc.compile(satcirc.zoo("majority"), 5)
    _, path = compile_cli(cli, tmp_path, "majority", 5, None, fmt)
    mine = tmp_path / f"mine.{fmt}"
    circuit.write(str(mine))
    assert mine.read_bytes() == path.read_bytes()


def all_words(alphabet, n):
    return ["".join(w) for w in itertools.product(alphabet, repeat=n)]


@pytest.mark.parametrize("name,n,bits", CASES)
def test_simulate_equals_run_on_every_word(cli, name, n, bits):
    model = satcirc.zoo(name)
    circuit = satcirc.compile(model, n, frac_bits=bits)
    words = all_words(model.alphabet, n)
    decisions = circuit.simulate(words)
    assert decisions.dtype == bool and decisions.shape == (len(words),)
    for word, accept in zip(words, decisions):
        proc = cli("run", "--model", f"zoo:{name}", "--input", word,
                   "--engine", f"fixed:{circuit.frac_bits}", "--json")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["accept"] == bool(accept), word


def test_svg_parses_and_jupyter_gets_it():
    circuit = satcirc.compile(satcirc.zoo("majority"), 4)
    svg = circuit.svg()
    assert svg.lstrip().startswith(("<?xml", "<svg"))
    xml.dom.minidom.parseString(svg)
    assert circuit._repr_svg_() == svg
    assert "satcirc.Circuit 'majority' at n=4" in repr(circuit)


def test_errors_carry_the_commands_message(cli, tmp_path):
    model = satcirc.zoo("parity")
    with pytest.raises(satcirc.Error) as e:
        satcirc.compile(model, 4, frac_bits=99)
    proc = cli("compile", "--model", "zoo:parity", "--length", 4, "--precision", 99,
               "-o", tmp_path / "x.json")
    assert str(e.value) in proc.stderr
    with pytest.raises(satcirc.Error) as e:
        satcirc.compile(model, 64, max_gates=10)
    proc = cli("compile", "--model", "zoo:parity", "--length", 64, "--max-gates", 10,
               "-o", tmp_path / "x.json")
    assert proc.returncode == 2
    assert str(e.value).split(": ", 1)[1] in proc.stderr
    circuit = satcirc.compile(model, 2)
    with pytest.raises(satcirc.Error, match="has length 3"):
        circuit.simulate(["011"])
    with pytest.raises(satcirc.Error, match="format"):
        circuit.write(str(tmp_path / "x.unknown"))


def test_summary_dot_and_notes_equal_the_commands(cli, tmp_path):
    circuit = satcirc.compile(satcirc.zoo("dyck1"), 8)
    out = tmp_path / "s.dot"
    proc = cli("compile", "--model", "zoo:dyck1", "--length", 8, "--summary", "-o", out,
               "--json")
    assert proc.returncode == 0, proc.stderr
    assert circuit.dot(summary=True) == out.read_text()
    mine = tmp_path / "mine.dot"
    assert circuit.write(str(mine), summary=True) == json.loads(proc.stdout)["notes"]
    assert mine.read_text() == out.read_text()
