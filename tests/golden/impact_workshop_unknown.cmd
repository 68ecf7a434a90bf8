args: impact workshop nope:nope
exit: 7
