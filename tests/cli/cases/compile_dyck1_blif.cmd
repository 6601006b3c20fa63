compile --model zoo:dyck1 --length 4 --format blif -o -
