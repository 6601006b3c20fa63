check --model zoo:dyck1 --lang dyck:k=1 --lengths 2..1
