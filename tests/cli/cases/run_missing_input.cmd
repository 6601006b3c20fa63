run --model zoo:majority
