analyze --lang 'regex:a*ba*' --lengths 4
