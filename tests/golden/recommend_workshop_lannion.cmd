args: recommend workshop fablabs_io:fablablannion
