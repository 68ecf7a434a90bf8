args: code codebook --format qdc
