precision --model zoo:majority --lengths 2..8 --json
