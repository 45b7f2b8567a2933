"""The list's filter by a custom field reads its values by field and value."""

VERSION = 10
NAME = "custom value index"


def apply(db, migrator) -> None:
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS custom_value_field_id_value ON custom_value (field_id, value)"
    )
