analyze --lang first --lengths 4
