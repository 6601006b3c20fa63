quantize --model no_such_model.json --round grid:4
