saturate --model zoo:first --lengths 1..3 --scales 1 --json
