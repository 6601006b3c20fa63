program run examples/programs/majority.crasp --input 0110 --trace --json
