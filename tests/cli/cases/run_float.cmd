run --model zoo:parity --input 0110111 --engine float:1000
