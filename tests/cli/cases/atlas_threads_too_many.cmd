atlas --models zoo:parity --threads 100000
