saturate --model zoo:parity --lengths 3 --scales 1,64 --parameters --json
