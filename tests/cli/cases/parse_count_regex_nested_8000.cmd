count --lang "$(cat tests/fuzz/regressions/language_spec/regex-nested-8000)" --lengths 2
