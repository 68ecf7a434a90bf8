args: form import --check ../shared/data/reference/xlsform/UCL_Biomass_Plot_Form.xlsx
