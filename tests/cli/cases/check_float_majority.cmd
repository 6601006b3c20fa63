check --model zoo:majority --lang majority --lengths 1..8 --engine float:1
