run --model zoo:majority --input 0110111 --engine param-limit --json
