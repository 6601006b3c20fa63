simulate --circuit tests/cli/data/dyck1-2.aag --alphabet '()' --input '()' --json
