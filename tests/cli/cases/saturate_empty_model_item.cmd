saturate --model zoo:parity, --lengths 2 -o /nonexistent/x
