circuit-stats --model zoo:parity --lengths 16,32
