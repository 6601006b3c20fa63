compile --model zoo:majority --length 4 --precision 99 -o c.json
