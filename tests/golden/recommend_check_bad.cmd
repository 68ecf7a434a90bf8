args: recommend check tests/golden/data/rules_bad.toml
exit: 3
