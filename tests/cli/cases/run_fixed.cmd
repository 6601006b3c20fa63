run --model zoo:majority --input 0110111 --engine fixed:3
