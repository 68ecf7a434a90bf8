args: workshops show fablabs_io:fablablannion --format json
