run --model tests/cli/data/softmax_head.json --input 01
