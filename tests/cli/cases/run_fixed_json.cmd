run --model zoo:parity --input 0110111 --engine fixed:3 --json
