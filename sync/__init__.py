"""Qt-free sync client and the reference central hub."""
