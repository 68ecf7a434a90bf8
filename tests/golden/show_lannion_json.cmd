args: territory show 22113 --format json
