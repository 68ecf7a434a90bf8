args: analyze match --input tests/reference/analysis/lalonde.csv --treatment educ --covariates age,race
exit: 3
