run --model tests/cli/data/bad_shape.json --input 01
