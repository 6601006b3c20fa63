count --lang parity --lengths 3..1
