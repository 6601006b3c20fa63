run --model zoo:parity --input 0110111 --engine param-limit --trace
