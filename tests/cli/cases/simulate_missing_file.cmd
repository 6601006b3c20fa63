simulate --circuit tests/cli/data/no-such-circuit.json --input 0101
