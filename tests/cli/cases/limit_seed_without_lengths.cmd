limit --model zoo:majority --seed 3
