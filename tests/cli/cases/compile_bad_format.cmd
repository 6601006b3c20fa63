compile --model zoo:majority --length 4 --format pdf -o c.pdf
