args: territory export --level reg --format csv
