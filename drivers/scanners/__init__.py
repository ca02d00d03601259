"""Barcode scanners: serial (pyserial) readers and the keyboard-wedge decoder."""
