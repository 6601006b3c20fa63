atlas --models majorty
