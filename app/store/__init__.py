"""Durable, encrypted local storage: SQLCipher database, migrations, repositories, outbox, attachments."""
