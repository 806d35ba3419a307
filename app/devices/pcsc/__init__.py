"""Social-security and city citizen cards over PC/SC (pyscard): hot-plug monitoring and card reading."""
