program equiv tests/cli/data/future_program.brasp
