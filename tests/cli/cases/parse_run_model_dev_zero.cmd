run --model /dev/zero --input ab
