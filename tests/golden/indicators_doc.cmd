args: territory indicators --format markdown
expect: docs/indicators.md
