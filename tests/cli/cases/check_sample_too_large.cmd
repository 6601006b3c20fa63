check --model zoo:parity --lang parity --lengths 100000 --samples 16000000
