check --model zoo:parity --lang parity --lengths 0..8,64 --samples 50
