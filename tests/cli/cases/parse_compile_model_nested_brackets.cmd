compile --model tests/fuzz/regressions/model_json/nested-brackets-400000.json --length 2 --format json -o /dev/null
