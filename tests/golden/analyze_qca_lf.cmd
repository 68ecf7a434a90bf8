args: analyze qca --input ../shared/data/reference/qca/LF.csv --outcome SURV --conditions DEV,URB,LIT,IND,STB --incl-cut 0.8 --include ? --dir-exp DEV,URB,LIT,IND,STB
