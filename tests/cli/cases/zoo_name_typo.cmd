zoo majorty -o /nonexistent/x.json
