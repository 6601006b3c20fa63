check --model zoo:parity --lang parity --lengths 1..8 --engine fixed:3
