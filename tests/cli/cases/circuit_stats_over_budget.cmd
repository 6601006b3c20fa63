circuit-stats --model zoo:parity --lengths 1..4096
