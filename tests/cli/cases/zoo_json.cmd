zoo --json
