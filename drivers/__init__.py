"""Qt-free device drivers: scanners, RFID, scales, printers, cameras, simulators."""
