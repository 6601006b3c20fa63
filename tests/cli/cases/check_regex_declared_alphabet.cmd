check --model zoo:tomita1 --lang 'regex:1*,alphabet=01' --lengths 0..6
