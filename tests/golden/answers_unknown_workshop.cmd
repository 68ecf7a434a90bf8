args: answers import --check data/instruments/questionnaire_gestionnaire.xlsx tests/golden/data/answers_workshops.csv --workshop-column atelier
exit: 3
