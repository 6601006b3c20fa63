circuit-stats --model tests/cli/data/softmax_head.json --lengths 3
