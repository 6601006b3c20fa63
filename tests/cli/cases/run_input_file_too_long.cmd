run --model zoo:majority --input-file /dev/zero
