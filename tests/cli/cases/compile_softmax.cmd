compile --model tests/cli/data/softmax_head.json --length 3 --format json -o -
