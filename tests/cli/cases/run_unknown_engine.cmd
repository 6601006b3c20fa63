run --model zoo:majority --input 01 --engine fixed:8
