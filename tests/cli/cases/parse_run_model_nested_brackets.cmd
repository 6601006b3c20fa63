run --model tests/fuzz/regressions/model_json/nested-brackets-400000.json --input ab
