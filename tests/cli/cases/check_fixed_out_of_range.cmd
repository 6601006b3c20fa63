check --model tests/cli/data/narrow_range.json --lang majority --lengths 1..8 --engine fixed:4
