args: territory show 35 --level canton
exit: 2
