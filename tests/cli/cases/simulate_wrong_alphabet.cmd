simulate --circuit tests/cli/data/majority4.json --input 01a1
