saturate --model examples/experiments/first_peak.json --lang dyck:k=1 --lengths 3
