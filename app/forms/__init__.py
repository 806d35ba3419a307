"""Form definitions, their rules and validation (Qt-free): see resources/forms/README.md."""
