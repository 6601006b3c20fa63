analyze --lang parity --lengths 4 --model zoo:parity,zoo:majority --no-monoid --json
