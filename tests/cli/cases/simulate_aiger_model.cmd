simulate --circuit tests/cli/data/dyck1-2.aag --model zoo:dyck1 --input ')('
