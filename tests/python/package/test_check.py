"""satcirc.check and satcirc.generalization against `satcirc check --json`.

The module prints its JSON with the command's own code (tools/check_report.h),
so to_json(model=ARG) must equal the command's output byte for byte; the rows
(full doubles) are compared with the command's JSON field by field, accuracy
at the six decimals the command prints.
"""

import json
import os

import pytest

import satcirc

CASES = [  # (model spec, language or None for the model's, lengths, engine, samples)
    ("zoo:parity", None, "0..8", "exact", 1000),
    ("zoo:parity-hard", None, "0..6", "exact", 1000),        # negative control: fails
    ("zoo:majority", None, "3,7,30", "exact", 200),          # 30 is sampled
    ("zoo:dyck1", None, "0..10", "fixed:8", 1000),
    ("zoo:first", "first", "1..9", "float:1000", 1000),
    ("zoo:majority", "parity", "0..6", "exact", 1000),        # a wrong language
]


def load(repo, spec):
    return satcirc.load(spec if spec.startswith("zoo:") else os.path.join(repo, spec))


def cli_check(cli, spec, lang, lengths, engine, samples, *extra):
    args = ["check", "--model", spec, "--lengths", lengths, "--engine", engine,
            "--samples", samples, "--json", *extra]
    if lang:
        args += ["--lang", lang]
    proc = cli(*args)
    assert proc.returncode in (0, 1), proc.stderr
    return proc


def assert_rows_equal(rows, cli_rows):
    assert len(rows) == len(cli_rows)
    for row, expected in zip(rows, cli_rows):
        for key, value in expected.items():
            if key == "accuracy":
                assert f"{row[key]:.6f}" == f"{value:.6f}"
            else:
                assert row[key] == value, key
        for key, value in row.items():  # keys the command leaves out are None
            if key not in expected:
                assert value is None, key


@pytest.mark.parametrize("spec,lang,lengths,engine,samples", CASES)
def test_check_equals_the_command(cli, repo, spec, lang, lengths, engine, samples):
    model = load(repo, spec)
    language = lang or model.language
    result = satcirc.check(model, lang=lang, lengths=lengths, engine=engine,
                           samples=samples, threads=2)
    proc = cli_check(cli, spec, language, lengths, engine, samples)
    assert result.to_json(model=spec) == proc.stdout
    expected = json.loads(proc.stdout)
    assert bool(result) == result.holds == expected["holds"] == (proc.returncode == 0)
    assert result.engine == expected["engine"] and result.language == expected["language"]
    assert_rows_equal(result.rows, expected["lengths"])
    failures = [r["counterexample"] for r in expected["lengths"] if "counterexample" in r]
    assert result.counterexample == (failures[0] if failures else None)
    assert "| n | mode |" in result._repr_markdown_()


def test_negative_control_fails_with_a_counterexample():
    result = satcirc.check(satcirc.zoo("parity-hard"), lengths=range(0, 7))
    assert not result and result.counterexample is not None
    word = result.counterexample
    failing = next(r for r in result.rows if r["counterexample"] is not None)
    assert failing["counterexample_is_member"] == (word.count("1") % 2 == 1)


def test_a_program_checks_against_its_declared_language(cli, repo):
    path = os.path.join(repo, "examples/programs/dyck1_depth2.brasp")
    result = satcirc.check(satcirc.load(path), lengths="0..8")
    proc = cli("check", "--model", path, "--lengths", "0..8", "--json")
    assert result.to_json(model=path) == proc.stdout
    text = cli("check", "--model", path, "--lengths", "0..8").stdout
    first, table = text.split("\n", 1)
    assert str(result) + "\n" == first.replace(path, "dyck1_depth2") + "\n" + table


def test_given_strings_equal_the_commands(cli, tmp_path):
    words = ["", "0", "11", "101", "0110", "111", "1"]
    (tmp_path / "w.txt").write_text("\n".join(words) + "\n")
    result = satcirc.check(satcirc.zoo("parity"), strings=words)
    proc = cli("check", "--model", "zoo:parity", "--lang", "parity", "--strings",
               tmp_path / "w.txt", "--json")
    assert result.to_json(model="zoo:parity") == proc.stdout
    assert {r["mode"] for r in result.rows} == {"given"}
    with pytest.raises(satcirc.Error, match="not both"):
        satcirc.check(satcirc.zoo("parity"), lengths="0..3", strings=words)
    with pytest.raises(TypeError):
        satcirc.check(satcirc.zoo("parity"), strings="0101")


def test_generalization_equals_the_command(cli):
    result = satcirc.generalization(satcirc.zoo("dyck1"), lengths="0..6",
                                    test_lengths="20,40", samples=64)
    proc = cli("check", "--model", "zoo:dyck1", "--lang", "dyck:k=1", "--lengths", "0..6",
               "--test-lengths", "20,40", "--samples", 64, "--json")
    assert result.to_json(model="zoo:dyck1") == proc.stdout
    expected = json.loads(proc.stdout)
    assert_rows_equal(result.tested, expected["tested"])
    assert f"{result.mean_test_accuracy:.6f}" == f"{expected['mean_test_accuracy']:.6f}"


def cli_error(cli, *args):
    proc = cli("check", "--model", "zoo:parity", *args)
    assert proc.returncode == 2
    return proc.stderr


def test_errors_carry_the_commands_message(cli):
    model = satcirc.zoo("parity")
    for kwargs, args in [
        ({"lengths": "5..2"}, ["--lang", "parity", "--lengths", "5..2"]),
        ({"lengths": "a"}, ["--lang", "parity", "--lengths", "a"]),
        ({"engine": "fixd:8"}, ["--lang", "parity", "--lengths", "1", "--engine", "fixd:8"]),
        ({"lang": "parityy"}, ["--lang", "parityy", "--lengths", "1"]),
        ({"lang": "dyck:k=1"}, ["--lang", "dyck:k=1", "--lengths", "1"]),
    ]:
        with pytest.raises(satcirc.Error) as e:
            satcirc.check(model, **kwargs)
        message = str(e.value)
        if message.startswith("parity: "):  # the command names its --model argument
            message = message[len("parity: "):]
        assert message in cli_error(cli, *args), kwargs
    with pytest.raises(satcirc.Error, match="declares no language"):
        satcirc.check(satcirc.Model.from_json(model.to_json()))
    with pytest.raises(satcirc.Error, match="samples=0"):
        satcirc.check(model, samples=0)


def test_ctrl_c_stops_a_long_check():
    """SIGINT during a check that would run for hours (every string of length 34)
    raises KeyboardInterrupt soon: were the check not stopped, this test would
    run until ctest's timeout."""
    import os
    import signal
    import threading
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            satcirc.check(satcirc.zoo("parity"), lengths=[34], exhaustive_limit=2**40)
    finally:
        timer.cancel()
    assert satcirc.check(satcirc.zoo("parity"), lengths="0..4").holds  # still usable
