compile --model zoo:parity --length 64 --precision 12 --max-gates 100000 -o parity64.json
