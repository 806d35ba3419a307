"""Resident ID cards (and the three other GA/T 467 card types) through a SAM reader or a vendor SDK."""
