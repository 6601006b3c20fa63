saturate --model tests/cli/data/parity_softmax.json --lang parity --lengths 4..6 --scales 1,10,100
