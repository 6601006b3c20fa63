heads --model zoo:parity --lengths 5000
