sharpness --model zoo:parity --lengths 4 --sigma -0.5
