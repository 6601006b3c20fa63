precision --model zoo:dyck1 --lengths 2..5
