atlas --models examples/controls/accept-all.json --lang parity --samples 10 --sampled-lengths 32 --exhaustive-words 64 --json
