zoo majority -o /nonexistent-dir/m.json
