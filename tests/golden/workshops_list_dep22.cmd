args: workshops list --dep 22
