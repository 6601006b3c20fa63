atlas --models 'zoo:parity,'
