sharpness --model tests/cli/data/narrow_range.json --lang majority --lengths 18 --sigma 0.01 --draws 2
