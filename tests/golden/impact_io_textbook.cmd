args: --lang en impact io --table tests/golden/data/io_textbook.csv --employment tests/golden/data/io_textbook_jobs.csv --format csv
