program run tests/cli/data/future_program.brasp --input 0101 --trace
