saturate --model tests/cli/data/majority_no_margin.json,zoo:majority --lengths 17,18 --exhaustive-limit 262144 --scales 1
