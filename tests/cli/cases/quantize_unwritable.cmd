quantize --model zoo:majority --round grid:4 -o /nonexistent/dir/q.json
