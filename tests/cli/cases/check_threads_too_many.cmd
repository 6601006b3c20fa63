check --model zoo:parity --lang parity --lengths 4 --threads 1000
