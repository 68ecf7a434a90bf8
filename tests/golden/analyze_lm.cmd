args: analyze lm --input tests/reference/analysis/mtcars.csv --outcome mpg --predictors wt,hp,cyl
