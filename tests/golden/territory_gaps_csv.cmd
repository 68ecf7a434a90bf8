args: territory gaps --radius 30 --format csv
