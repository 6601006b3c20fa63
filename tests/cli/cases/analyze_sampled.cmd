analyze --lang majority --lengths 41 --samples 2000 --seed 7
