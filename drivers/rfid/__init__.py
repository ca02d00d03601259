"""UHF RFID: the ThingMagic Mercury serial protocol, the reader device and EPC decoding."""
