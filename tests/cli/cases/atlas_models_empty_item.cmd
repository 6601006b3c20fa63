atlas --models 'zoo:parity,,zoo:first'
