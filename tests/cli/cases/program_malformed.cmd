program run tests/cli/data/bad_program.brasp --input 01
