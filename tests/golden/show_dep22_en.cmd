args: --lang en territory show 22 --level dep
