sharpness --model zoo:parity --lengths 4 --sigma 0.02 --draws 2147483647
