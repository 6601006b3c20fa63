run --model zoo:majority --input 0a1
