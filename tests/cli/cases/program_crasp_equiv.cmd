program equiv examples/programs/majority.crasp
