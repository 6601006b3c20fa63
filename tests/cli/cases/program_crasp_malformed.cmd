program run tests/cli/data/bad_program.crasp --input 01
