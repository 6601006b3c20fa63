run --model tests/cli/data/bad_number.json --input 01
