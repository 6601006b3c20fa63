demo --json
