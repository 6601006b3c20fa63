sharpness --model examples/models/parity.json --lengths 4 --sigma 0.02
