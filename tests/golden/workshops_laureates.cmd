args: workshops list --laureate
