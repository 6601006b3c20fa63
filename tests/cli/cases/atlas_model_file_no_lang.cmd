atlas --models examples/models/majority.json
