"""Reference platform server (stand-in for a province platform); never imported by app/."""
