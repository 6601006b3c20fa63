heads --model zoo:parity --lengths 2,4 --json
