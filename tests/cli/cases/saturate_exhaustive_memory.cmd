saturate --model zoo:parity --lengths 40 --exhaustive-limit 18446744073709551615
