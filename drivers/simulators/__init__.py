"""Virtual scanner, scale and RFID reader on pseudo-terminals, for training and tests."""
