quantize --model zoo:majority --round bits:0
