args: analyze qca --input ../shared/data/reference/qca/LF.csv --outcome SURV --incl-cut 0.8 --include ? --dir-exp DEV,URB*
exit: 3
