check --model zoo:parity --lang "$(cat tests/fuzz/regressions/language_spec/regex-nested-300)" --lengths 2
