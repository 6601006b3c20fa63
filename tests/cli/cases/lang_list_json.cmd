langs --json
