args: territory show 22113
