run --model examples/models/dyck1.json --input '())('
