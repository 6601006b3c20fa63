analyze --lang majority --lengths 3 --model zoo:majority,,zoo:parity
