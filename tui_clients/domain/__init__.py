"""The pure core: entities, validation and rules.  Imports neither textual nor peewee."""
