run --model tests/cli/data/bad_positional.json --input 01
