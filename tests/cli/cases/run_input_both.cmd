run --model zoo:majority --input 0110 --input-file examples/inputs/dyck1.txt
