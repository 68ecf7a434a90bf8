args: report workshop fablabs_io:labfabur1 -o -
