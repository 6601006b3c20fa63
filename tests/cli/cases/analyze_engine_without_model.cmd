analyze --lang majority --lengths 3 --engine exact
