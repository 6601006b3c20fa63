quantize --model zoo:majority --round grid:4 --lengths 3 --samples 0
