simulate --circuit tests/cli/data/majority4.json --alphabet '()[]' --input '()()'
