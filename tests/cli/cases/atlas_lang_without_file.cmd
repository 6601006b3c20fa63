atlas --models zoo:parity --lang parity
