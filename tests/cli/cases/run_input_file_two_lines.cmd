run --model zoo:majority --input-file examples/inputs/two-lines.txt
