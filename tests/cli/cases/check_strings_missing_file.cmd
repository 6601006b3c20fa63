check --model zoo:parity --lang parity --strings tests/cli/data/no_such_file.txt
