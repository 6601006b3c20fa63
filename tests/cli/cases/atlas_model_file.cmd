atlas --models examples/models/majority.json,zoo:parity --lang majority --samples 10 --sampled-lengths 32 --exhaustive-words 64
