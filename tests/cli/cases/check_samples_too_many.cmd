check --model zoo:parity --lang parity --lengths 40 --samples 2147483647
