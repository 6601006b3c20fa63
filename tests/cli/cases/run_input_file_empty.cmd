run --model zoo:majority --input-file examples/inputs/empty.txt
