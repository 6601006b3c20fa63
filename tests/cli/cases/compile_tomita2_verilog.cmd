compile --model zoo:tomita2 --length 4 --format verilog -o -
