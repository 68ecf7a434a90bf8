args: answers import --check data/instruments/nesta_uk_makerspaces.xlsx tests/golden/data/answers_bad.csv --dates dmy
exit: 3
