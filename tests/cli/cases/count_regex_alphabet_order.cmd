count --lang 'regex:b*,alphabet=ba' --lengths 0..3
