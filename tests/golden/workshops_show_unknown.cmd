args: workshops show nope
exit: 7
