"""Use cases that span the store, documents, devices and sync; Qt-free, so headless commands share them."""
