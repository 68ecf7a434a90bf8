args: analyze match --input tests/reference/analysis/lalonde.csv --treatment treat --covariates age,educ,race,married,nodegree,re74,re75 --outcome re78 --caliper 0.1 --bootstrap 500 --seed 7
