args: workshops list --dep 22 --records
