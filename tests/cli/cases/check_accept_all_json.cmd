check --model examples/controls/accept-all.json --lang or --lengths 30,100 --samples 10 --json
