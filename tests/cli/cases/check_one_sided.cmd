check --model zoo:anbncn --lang anbncn --lengths 32,33 --samples 6
