check --model zoo:parity --lang parity --lenghts 3
