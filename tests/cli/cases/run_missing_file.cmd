run --model tests/cli/data/no_such_file.json --input 01
