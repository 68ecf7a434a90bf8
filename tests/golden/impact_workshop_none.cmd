args: impact workshop fablabs_io:fablablannion
exit: 4
