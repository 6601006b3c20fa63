saturate --model zoo:parity,zoo:majority --lengths 4..7 --scales 1,100,10000
