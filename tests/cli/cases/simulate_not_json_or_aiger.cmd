simulate --circuit README.md --input 01
