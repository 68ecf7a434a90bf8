args: analyze logit --input tests/reference/analysis/mtcars.csv --outcome mpg --predictors wt
exit: 3
