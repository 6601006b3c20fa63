saturate --model zoo:parity --lengths 100000
