check --model zoo:majority --lang majority --lengths 1..5 --engine param-limit --threads 1
