run --model majority --input 01
