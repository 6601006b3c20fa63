analyze --lang dyck:k=1 --lengths 2 --model zoo:majority
