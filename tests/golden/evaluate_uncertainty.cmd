args: evaluate --uncertainty 50 --seed 3 --top 5
