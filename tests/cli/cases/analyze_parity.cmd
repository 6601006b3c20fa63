analyze --lang parity --lengths 1..4
