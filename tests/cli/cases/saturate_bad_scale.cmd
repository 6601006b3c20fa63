saturate --model zoo:parity --lengths 4..6 --scales 0,10
