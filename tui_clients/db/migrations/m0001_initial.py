"""The schema of version 1 (commit 8efc41d), frozen: every table as that release made it.

These model definitions are a copy of that release's ``db/models.py`` reduced to what
shapes the tables (columns, types, NULL, keys, indexes, ON DELETE); Python-side
defaults and backrefs are left out.  They are never to follow today's models: a
change to the schema is a new migration.  peewee writes the DDL for SQLite and
PostgreSQL alike, exactly as ``create_tables`` did then.
"""

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

VERSION = 1
NAME = "initial"


class Frozen(Model):
    class Meta:
        legacy_table_names = False


# --- catalogs -----------------------------------------------------------------


class CompanyType(Frozen):
    code = CharField(max_length=20, unique=True)
    name_es = CharField(max_length=100)
    name_en = CharField(max_length=100)
    person_kind = CharField(max_length=10)
    extra_steps = CharField(max_length=200)
    sort_order = IntegerField()


class Category(Frozen):
    code = CharField(max_length=20, unique=True)
    name_es = CharField(max_length=100)
    name_en = CharField(max_length=100)
    company_type = ForeignKeyField(CompanyType, null=True, on_delete="RESTRICT")
    extra_steps = CharField(max_length=200)
    sort_order = IntegerField()


class Country(Frozen):
    code = CharField(max_length=2, primary_key=True)
    alpha3 = CharField(max_length=3)
    name_es = CharField(max_length=100)
    name_en = CharField(max_length=100)


class AdminArea(Frozen):
    country = CharField(max_length=2)
    code = CharField(max_length=20)
    name = CharField(max_length=150)
    level = IntegerField()
    parent = ForeignKeyField("self", null=True, on_delete="CASCADE")
    kind = CharField(max_length=50)

    class Meta:
        indexes = ((("country", "code"), True), (("country", "level", "name"), False))


class DocumentType(Frozen):
    country = CharField(max_length=2)
    code = CharField(max_length=10)
    name_es = CharField(max_length=100)
    name_en = CharField(max_length=100)
    fisica = BooleanField()
    moral = BooleanField()
    tax = BooleanField()

    class Meta:
        indexes = ((("country", "code"), True),)


class RegimenFiscal(Frozen):
    code = CharField(max_length=3, primary_key=True)
    description = CharField(max_length=200)
    fisica = BooleanField()
    moral = BooleanField()


class UsoCfdi(Frozen):
    code = CharField(max_length=4, primary_key=True)
    description = CharField(max_length=200)
    fisica = BooleanField()
    moral = BooleanField()
    regimenes = CharField(max_length=200)


class Service(Frozen):
    code = CharField(max_length=30, unique=True)
    name = CharField(max_length=150)
    description = TextField()
    active = BooleanField()


class Channel(Frozen):
    code = CharField(max_length=30, unique=True)
    name = CharField(max_length=100)
    active = BooleanField()


# --- companies and clients -------------------------------------------------------


class Attachment(Frozen):
    sha256 = CharField(max_length=64, index=True)
    name = CharField(max_length=255)
    mime = CharField(max_length=100)
    size = IntegerField()
    data = BlobField()
    created_at = DateTimeField()
    created_by = CharField(max_length=100)


class Company(Frozen):
    code = CharField(max_length=20, unique=True)
    person_kind = CharField(max_length=10)
    legal_name = CharField(max_length=200)
    trade_name = CharField(max_length=200)
    sort_name = CharField(max_length=200, index=True)
    document_type = ForeignKeyField(DocumentType, null=True, on_delete="RESTRICT", index=False)
    document_number = CharField(max_length=40, null=True)
    company_type = ForeignKeyField(CompanyType, null=True, on_delete="RESTRICT", index=False)
    website = CharField(max_length=300)
    active = BooleanField()
    created_at = DateTimeField()
    updated_at = DateTimeField()
    deleted_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("document_type", "document_number"), True),)


class Client(Frozen):
    code = CharField(max_length=20, unique=True)
    internal_code = CharField(max_length=40)
    person_kind = CharField(max_length=10)
    first_name = CharField(max_length=200)
    last_name = CharField(max_length=200)
    legal_name = CharField(max_length=200)
    trade_name = CharField(max_length=200)
    sort_name = CharField(max_length=200)
    document_type = ForeignKeyField(DocumentType, on_delete="RESTRICT", index=False)
    document_number = CharField(max_length=40)
    company_type = ForeignKeyField(CompanyType, null=True, on_delete="RESTRICT", index=False)
    category = ForeignKeyField(Category, null=True, on_delete="RESTRICT", index=False)
    company = ForeignKeyField(Company, null=True, on_delete="SET NULL")
    active = BooleanField()
    gender = CharField(max_length=1)
    website = CharField(max_length=300)
    language = CharField(max_length=5)
    photo = ForeignKeyField(Attachment, null=True, on_delete="SET NULL", index=False)
    signature = ForeignKeyField(Attachment, null=True, on_delete="SET NULL", index=False)
    created_at = DateTimeField()
    created_by = CharField(max_length=100)
    updated_at = DateTimeField()
    updated_by = CharField(max_length=100)
    deleted_at = DateTimeField(null=True)
    deleted_by = CharField(max_length=100)
    version = IntegerField()

    class Meta:
        indexes = (
            (("document_type", "document_number"), True),
            (("deleted_at", "created_at"), False),
            (("deleted_at", "sort_name", "id"), False),
        )


class ClientEmail(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE")
    email = CharField(max_length=254)
    email_key = CharField(max_length=254)
    position = IntegerField()


class ClientPhone(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE")
    number = CharField(max_length=40)
    country = CharField(max_length=2, null=True)
    verified = BooleanField()
    kind = CharField(max_length=10)
    position = IntegerField()


class Contact(Frozen):
    email = CharField(max_length=254)
    email_key = CharField(max_length=254, unique=True)
    first_name = CharField(max_length=200)
    last_name = CharField(max_length=200)
    phone = CharField(max_length=40)
    created_at = DateTimeField()


class ClientContact(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE", index=False)
    contact = ForeignKeyField(Contact, on_delete="RESTRICT")
    is_primary = BooleanField()
    role = CharField(max_length=100)

    class Meta:
        indexes = ((("client", "contact"), True),)


class Address(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE")
    kind = CharField(max_length=10)
    country = CharField(max_length=2)
    region = CharField(max_length=20)
    province = CharField(max_length=20)
    district = CharField(max_length=20)
    postal_code = CharField(max_length=10)
    line = CharField(max_length=300)
    detail = CharField(max_length=300)
    latitude = DoubleField(null=True)
    longitude = DoubleField(null=True)
    coord_source = CharField(max_length=20)
    geocode_level = CharField(max_length=20)
    position = IntegerField()


class FiscalDataMx(Frozen):
    client = ForeignKeyField(Client, unique=True, on_delete="CASCADE")
    regimen = ForeignKeyField(RegimenFiscal, column_name="regimen", on_delete="RESTRICT")
    uso_cfdi = ForeignKeyField(UsoCfdi, column_name="uso_cfdi", on_delete="RESTRICT")
    postal_code = CharField(max_length=5)


class ClientHistory(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE")
    at = DateTimeField()
    user = CharField(max_length=100)
    action = CharField(max_length=20)
    changes = TextField()


# --- services, channels, servers, inventory, custom fields, imports --------------------


class CompanyService(Frozen):
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)
    service = ForeignKeyField(Service, on_delete="CASCADE")
    active = BooleanField()

    class Meta:
        indexes = ((("company", "service"), True),)


class ClientService(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE", index=False)
    service = ForeignKeyField(Service, on_delete="CASCADE")
    active = BooleanField()

    class Meta:
        indexes = ((("client", "service"), True),)


class ClientChannel(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE", index=False)
    channel = ForeignKeyField(Channel, on_delete="CASCADE")
    handle = CharField(max_length=200)
    enabled = BooleanField()

    class Meta:
        indexes = ((("client", "channel"), True),)


class Invitation(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE")
    channel = ForeignKeyField(Channel, null=True, on_delete="SET NULL")
    email = CharField(max_length=254)
    status = CharField(max_length=20)
    attempts = IntegerField()
    last_error = TextField()
    created_at = DateTimeField()
    sent_at = DateTimeField(null=True)


class ServerInfo(Frozen):
    client = ForeignKeyField(Client, unique=True, on_delete="CASCADE")
    gitlab_user = CharField(max_length=100)
    discord_user = CharField(max_length=100)
    slack_channel = CharField(max_length=100)
    discord_channel = CharField(max_length=100)


class Server(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE")
    host = CharField(max_length=255)
    ip = CharField(max_length=45)
    username = CharField(max_length=100)
    password_encrypted = BlobField(null=True)


class InventoryItem(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE")
    serial = CharField(max_length=100, unique=True)
    description = CharField(max_length=300)
    delivered_on = DateField(null=True)
    work_order = CharField(max_length=50)
    delivered_by = CharField(max_length=100)


class CustomField(Frozen):
    key = CharField(max_length=50, unique=True)
    label = CharField(max_length=100)
    type = CharField(max_length=20)
    required = BooleanField()
    help = CharField(max_length=300)
    choices = TextField()
    sort_order = IntegerField()
    company_type = ForeignKeyField(CompanyType, null=True, on_delete="CASCADE")
    category = ForeignKeyField(Category, null=True, on_delete="CASCADE")
    active = BooleanField()


class CustomValue(Frozen):
    client = ForeignKeyField(Client, on_delete="CASCADE", index=False)
    field = ForeignKeyField(CustomField, on_delete="RESTRICT")
    value = TextField()

    class Meta:
        indexes = ((("client", "field"), True),)


class ImportJob(Frozen):
    file_name = CharField(max_length=255)
    user = CharField(max_length=100)
    status = CharField(max_length=20)
    started_at = DateTimeField()
    finished_at = DateTimeField(null=True)
    total = IntegerField()
    imported = IntegerField()
    rejected = IntegerField()
    companies_created = IntegerField()
    message = TextField()
    error_file = ForeignKeyField(Attachment, null=True, on_delete="SET NULL")


class AppMeta(Frozen):
    key = CharField(max_length=50, primary_key=True)
    value = TextField()


class SchemaVersion(Frozen):
    version = IntegerField(primary_key=True)
    name = CharField(max_length=100)
    applied_at = DateTimeField()


TABLES = [
    CompanyType,
    Category,
    Country,
    AdminArea,
    DocumentType,
    RegimenFiscal,
    UsoCfdi,
    Service,
    Channel,
    Attachment,
    Company,
    Client,
    ClientEmail,
    ClientPhone,
    Contact,
    ClientContact,
    Address,
    FiscalDataMx,
    ClientHistory,
    CompanyService,
    ClientService,
    ClientChannel,
    Invitation,
    ServerInfo,
    Server,
    InventoryItem,
    CustomField,
    CustomValue,
    ImportJob,
    AppMeta,
    SchemaVersion,
]


def apply(db, migrator) -> None:
    with db.bind_ctx(TABLES):
        db.create_tables(TABLES, safe=True)
