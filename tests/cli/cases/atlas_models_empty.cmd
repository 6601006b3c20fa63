atlas --models ''
