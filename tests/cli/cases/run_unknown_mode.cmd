run --model tests/cli/data/bad_mode.json --input 01
