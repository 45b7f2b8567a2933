"""Persistence: peewee models, the connection, and schema migrations."""
