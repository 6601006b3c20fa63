count --lang tomita:4 --lengths 0..8 --json
