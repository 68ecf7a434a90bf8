args: answers import --check data/instruments/nesta_uk_makerspaces.xlsx ../shared/data/makerspaces/nesta_uk_makerspaces_2015.csv --dates dmy
