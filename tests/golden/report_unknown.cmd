args: report workshop nope -o -
exit: 7
