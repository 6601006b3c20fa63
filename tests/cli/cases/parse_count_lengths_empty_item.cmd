count --lang parity --lengths 1,,2
