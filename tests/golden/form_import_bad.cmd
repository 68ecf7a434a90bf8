args: form import tests/golden/data/form_bad.xlsx
exit: 3
