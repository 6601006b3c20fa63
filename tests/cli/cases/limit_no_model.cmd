limit
