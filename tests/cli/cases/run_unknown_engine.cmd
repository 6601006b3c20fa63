run --model zoo:majority --input 01 --engine turbo
