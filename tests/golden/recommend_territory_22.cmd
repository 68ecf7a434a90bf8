args: recommend territory 22
