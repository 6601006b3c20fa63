count --lang dfa:tests/fuzz/regressions/dfa/target-2147483647.att --lengths 2
