compile --model zoo:majority --length 4 -o c.txt
