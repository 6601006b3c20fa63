run --model zoo:dyck1 --input '(()())' --trace --json
