count --lang dfa:/dev/zero --lengths 1
