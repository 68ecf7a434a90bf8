args: recommend national
