compile --model zoo:majority --length 4 -o /nonexistent-dir/c.json
