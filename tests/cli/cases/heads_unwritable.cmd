heads --model zoo:parity --lengths 4 -o /nonexistent/dir/h
