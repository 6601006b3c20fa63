program compile tests/cli/data/future_program.brasp -o /dev/null
