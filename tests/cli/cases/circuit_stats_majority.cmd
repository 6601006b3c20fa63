circuit-stats --model zoo:majority --lengths 1..10
