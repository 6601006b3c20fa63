heads --model zoo:majority --lengths 0..2
