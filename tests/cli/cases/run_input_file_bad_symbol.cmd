run --model zoo:majority --input-file examples/inputs/bad-symbol.txt
