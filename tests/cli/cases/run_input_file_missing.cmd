run --model zoo:majority --input-file tests/cli/data/no_such_input.txt
