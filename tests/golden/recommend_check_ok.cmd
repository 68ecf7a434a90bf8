args: recommend check data/recommendations.toml
