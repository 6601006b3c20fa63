check --model tests/cli/data/future_program.brasp --lengths 1..10
