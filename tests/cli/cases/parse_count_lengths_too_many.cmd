count --lang parity --lengths 0..1048576
