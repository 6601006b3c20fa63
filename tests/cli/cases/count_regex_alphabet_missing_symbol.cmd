count --lang 'regex:(ab)*,alphabet=ac' --lengths 1
