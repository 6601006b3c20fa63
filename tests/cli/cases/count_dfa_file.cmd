count --lang dfa:tests/automata/data/even_a.att --lengths 0..4
