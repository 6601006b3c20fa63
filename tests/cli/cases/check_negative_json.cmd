check --model zoo:majority-hard --lang majority --lengths 0..6 --json
