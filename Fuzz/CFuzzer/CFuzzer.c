// Nothing to compile: the header declares libFuzzer's driver.
