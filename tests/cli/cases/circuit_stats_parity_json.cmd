circuit-stats --model zoo:parity --lengths 2,4,8 --precision 8 --json
