count --lang dfa:tests/automata/data/missing_state.att --lengths 3
