check --model tests/cli/data/bad_program.brasp --lang parity --lengths 3
