simulate --input 0101
