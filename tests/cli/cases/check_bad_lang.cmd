check --model zoo:dyck1 --lang dyck:k=9 --lengths 2
