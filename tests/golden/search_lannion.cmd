args: territory search lannion
