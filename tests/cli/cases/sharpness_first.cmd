sharpness --model zoo:first --lengths 3,4 --sigma 0.02 --draws 3 --scale 10
