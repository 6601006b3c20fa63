check --model tests/fuzz/regressions/model_json/nested-brackets-400000.json --lang parity --lengths 2
