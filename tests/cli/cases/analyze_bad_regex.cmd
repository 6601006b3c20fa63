analyze --lang 'regex:(ab' --lengths 3
