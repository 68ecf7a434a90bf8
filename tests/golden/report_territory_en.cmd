args: --lang en report territory 22113 -o -
