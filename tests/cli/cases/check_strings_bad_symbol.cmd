check --model zoo:parity --lang parity --strings tests/cli/data/strings_bad_symbol.txt
