args: referential show --tree
