quantize --model zoo:majority --round nearest:3
