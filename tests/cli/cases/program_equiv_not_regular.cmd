program equiv examples/programs/tomita1.brasp --lang majority
