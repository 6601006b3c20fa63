limit --model examples/models/majority.json --lengths 20
