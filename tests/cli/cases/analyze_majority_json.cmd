analyze --lang majority --lengths 3,4 --json
