limit --model zoo:majority-hard --engine exact --lengths 1..4 --json
