check --model zoo:parity --lang parity --lengths 4 --samples 0
