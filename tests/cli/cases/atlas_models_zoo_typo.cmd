atlas --models zoo:majorty
