check --model zoo:tomita1 --lang 'regex:1*' --lengths 0..6
