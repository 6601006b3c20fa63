heads --model zoo:majority
