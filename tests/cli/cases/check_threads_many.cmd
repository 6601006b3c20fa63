check --model zoo:dyck1 --lang dyck:k=1 --lengths 1..14 --threads 256
