run --model zoo:majority --input -
