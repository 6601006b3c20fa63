limit --model zoo:majority -o /nonexistent/dir/l.json
