quantize --model zoo:majority --round grid:4 --lang parity
