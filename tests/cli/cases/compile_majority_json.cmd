compile --model zoo:majority --length 3 --format json -o -
