saturate --model zoo:parity --scales '1,,2' --lengths 2 -o /nonexistent/x
