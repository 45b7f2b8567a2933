"""Column mappings saved by name (issue 17): how another system's file becomes the
template, kept in the database so every operator of the registry has them."""

from peewee import CharField, DateTimeField, Model, TextField

VERSION = 17
NAME = "import mappings"


class ImportMapping(Model):
    """The table as version 17 made it (frozen: a later change is a new migration)."""

    name = CharField(max_length=100)
    key = CharField(max_length=100, unique=True)
    header = TextField(default="")
    toml = TextField()
    user = CharField(max_length=100, default="")
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        legacy_table_names = False


def apply(db, migrator) -> None:
    with db.bind_ctx([ImportMapping]):
        db.create_tables([ImportMapping], safe=True)
