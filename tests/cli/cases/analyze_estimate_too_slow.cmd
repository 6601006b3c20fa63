analyze --lang majority --lengths 1048576 --samples 2000
