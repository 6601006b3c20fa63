automaton --lang parity
