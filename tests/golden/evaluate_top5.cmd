args: evaluate --top 5
