run --model zoo:dyck1 --input-file examples/inputs/dyck1.txt
