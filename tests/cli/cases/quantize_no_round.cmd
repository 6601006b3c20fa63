quantize --model zoo:majority
