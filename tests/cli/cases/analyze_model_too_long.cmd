analyze --lang majority --lengths 25 --samples 100 --model zoo:majority
