simulate --circuit tests/cli/data/bad_json.json --input 01
