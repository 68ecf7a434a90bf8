args: workshops duplicates
