automaton --model zoo:parity --exhaustive-length 30
