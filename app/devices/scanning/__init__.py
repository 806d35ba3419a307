"""Page sources behind one interface: SANE (Linux), TWAIN (Windows), files and a watched folder; cameras
are implemented with Qt Multimedia in app/ui against the interface in camera.py."""
