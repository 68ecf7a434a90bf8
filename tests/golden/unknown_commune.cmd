args: territory show 99999
exit: 7
