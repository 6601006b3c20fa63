limit --model zoo:majority --lengths 3 --engine float:0
