analyze --lang dfa:tests/cli/data/random_1202.att --lengths 2
