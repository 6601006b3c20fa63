analyze --lang parity --lengths 30
