atlas --models examples/models/dyck1.json --lang parity
