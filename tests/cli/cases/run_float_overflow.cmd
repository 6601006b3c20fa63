run --model tests/cli/data/float_overflow.json --input 01 --engine float:1
