run --model tests/cli/data/narrow_range.json --input 1111111 --engine fixed:4
