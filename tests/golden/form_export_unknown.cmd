args: form export or_other --format xform
exit: 7
