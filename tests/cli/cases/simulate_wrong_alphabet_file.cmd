simulate --circuit tests/cli/data/majority4.json --input-file tests/cli/data/strings_bad_symbol.txt
