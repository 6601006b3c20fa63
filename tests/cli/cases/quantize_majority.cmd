quantize --model zoo:majority --round grid:2 --lengths 1..5
