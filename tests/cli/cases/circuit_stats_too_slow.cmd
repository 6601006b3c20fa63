circuit-stats --model zoo:parity --lengths 1..300 --max-gates 0
