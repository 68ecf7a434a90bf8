# Helpers the benchmark scripts share (sourced): the time now in seconds, and the median
# of the numbers read on standard input.
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
