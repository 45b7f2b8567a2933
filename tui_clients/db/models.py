"""The peewee models: the current shape of the schema.

Indexes are chosen for the queries the app runs: foreign keys already covered
by a composite unique index (or never looked up from the child side) have
``index=False`` so bulk writes at a million clients stay cheap.

Migrations in ``tui_clients.db.migrations`` build this shape step by step;
a test checks that a migrated database matches these models exactly.
"""

from __future__ import annotations

from peewee import (
    SQL,
    AutoField,
    BigIntegerField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    TextField,
)
from playhouse.sqlite_ext import FTS5Model, RowIDField, SearchField

from tui_clients.db.base import BaseModel, database, utcnow
from tui_clients.db.catalog_models import (
    AdminArea,
    Category,
    Channel,
    CompanyType,
    Country,
    DocumentType,
    RegimenFiscal,
    Service,
    UsoCfdi,
)

# --- companies and clients -------------------------------------------------------


class Attachment(BaseModel):
    id: AutoField[int]
    sha256 = CharField(max_length=64, index=True)
    name = CharField(max_length=255)
    mime = CharField(max_length=100)
    size = IntegerField()
    data = BlobField()
    created_at = DateTimeField(default=utcnow)
    created_by = CharField(max_length=100, default="")


class Company(BaseModel):
    id: AutoField[int]
    code = CharField(max_length=20, unique=True)
    person_kind = CharField(max_length=10, default="moral")
    legal_name = CharField(max_length=200)
    trade_name = CharField(max_length=200, default="")
    sort_name = CharField(max_length=200, index=True)
    document_type = ForeignKeyField(DocumentType, null=True, on_delete="RESTRICT", index=False)
    document_number = CharField(max_length=40, null=True)
    company_type = ForeignKeyField(CompanyType, null=True, on_delete="RESTRICT", index=False)
    website = CharField(max_length=300, default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    deleted_at = DateTimeField(null=True)


class Client(BaseModel):
    id: AutoField[int]
    code = CharField(max_length=20, unique=True)
    internal_code = CharField(max_length=40, default="")
    person_kind = CharField(max_length=10)
    first_name = CharField(max_length=200, default="")
    last_name = CharField(max_length=200, default="")
    legal_name = CharField(max_length=200)
    trade_name = CharField(max_length=200, default="")
    sort_name = CharField(max_length=200)  # folded legal name
    document_type = ForeignKeyField(DocumentType, on_delete="RESTRICT", index=False)
    document_type_id: int
    document_number = CharField(max_length=40)
    company_type = ForeignKeyField(CompanyType, null=True, on_delete="RESTRICT", index=False)
    company_type_id: int | None
    category = ForeignKeyField(Category, null=True, on_delete="RESTRICT", index=False)
    category_id: int | None
    # indexed with deleted_at and sort_name below (m0020: the list by company)
    company = ForeignKeyField(
        Company, null=True, backref="clients", on_delete="SET NULL", index=False
    )
    company_id: int | None
    active = BooleanField(default=True)
    gender = CharField(max_length=1, default="")
    website = CharField(max_length=300, default="")
    # "other data": whom to ask for.  A database default too, for writers that name no value.
    contact_person = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
    language = CharField(max_length=5, default="")
    # Denormalised for the list (shown and sortable without joins); written with the children.
    country = CharField(max_length=2, default="")
    email = CharField(max_length=254, default="")  # the main e-mail
    phone = CharField(max_length=40, default="")  # the first phone
    photo = ForeignKeyField(Attachment, null=True, on_delete="SET NULL", index=False)
    photo_id: int | None
    signature = ForeignKeyField(Attachment, null=True, on_delete="SET NULL", index=False)
    signature_id: int | None
    created_at = DateTimeField(default=utcnow)
    created_by = CharField(max_length=100, default="")
    updated_at = DateTimeField(default=utcnow)
    updated_by = CharField(max_length=100, default="")
    deleted_at = DateTimeField(null=True)
    deleted_by = CharField(max_length=100, default="")
    version = IntegerField(default=1)

    class Meta:
        indexes = (
            (("deleted_at", "created_at"), False),
            (("deleted_at", "sort_name", "id"), False),  # the list, in or out of the trash
            (("company", "deleted_at", "sort_name"), False),  # a company's clients, in order
        )


def _document_key(model: type[BaseModel]) -> None:
    """A document is one client's (one company's), except the SAT's generic RFCs that many
    share: unique (document type, number, key), key the row's id for those and 0 for any
    other number (m0014; a lookup by document reads the first two columns)."""
    table = model._meta.table_name
    model.add_index(
        SQL(
            f"CREATE UNIQUE INDEX {table}_document_key ON {table} (document_type_id, "
            "document_number, (CASE WHEN document_number IN ('XAXX010101000', "
            "'XEXX010101000') THEN id ELSE 0 END))"
        )
    )


_document_key(Company)
_document_key(Client)


class ClientEmail(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, backref="emails", on_delete="CASCADE")
    email = CharField(max_length=254)
    email_key = CharField(max_length=254)
    position = IntegerField(default=0)  # 0 main, 1-2 additional


class ClientPhone(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, backref="phones", on_delete="CASCADE")
    number = CharField(max_length=40)
    country = CharField(max_length=2, null=True)
    verified = BooleanField(default=False)
    kind = CharField(max_length=10, default="main")  # main | mobile | other
    position = IntegerField(default=0)


class Contact(BaseModel):
    """A person reachable about one or more clients; unique in the registry by e-mail."""

    id: AutoField[int]
    email = CharField(max_length=254)
    email_key = CharField(max_length=254, unique=True)
    first_name = CharField(max_length=200)
    last_name = CharField(max_length=200, default="")
    phone = CharField(max_length=40, default="")
    created_at = DateTimeField(default=utcnow)


class ClientContact(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, backref="contact_links", on_delete="CASCADE", index=False)
    contact = ForeignKeyField(Contact, backref="client_links", on_delete="RESTRICT")
    is_primary = BooleanField(default=False)
    role = CharField(max_length=100, default="")

    class Meta:
        indexes = ((("client", "contact"), True),)


class Address(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, backref="addresses", on_delete="CASCADE")
    kind = CharField(max_length=10, default="main")  # main | billing | shipping
    country = CharField(max_length=2)
    region = CharField(max_length=20, default="")
    province = CharField(max_length=100, default="")  # a ubigeo code, or a name (m0004)
    district = CharField(max_length=100, default="")
    postal_code = CharField(max_length=10, default="")
    line = CharField(max_length=300)
    detail = CharField(max_length=300, default="")
    latitude = DoubleField(null=True)
    longitude = DoubleField(null=True)
    coord_source = CharField(max_length=20, default="")  # manual | import | geocoder name
    geocode_level = CharField(max_length=20, default="")
    position = IntegerField(default=0)


class FiscalDataMx(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, backref="fiscal", unique=True, on_delete="CASCADE")
    regimen = ForeignKeyField(RegimenFiscal, column_name="regimen", on_delete="RESTRICT")
    regimen_id: str
    uso_cfdi = ForeignKeyField(UsoCfdi, column_name="uso_cfdi", on_delete="RESTRICT")
    uso_cfdi_id: str
    postal_code = CharField(max_length=5)


class ClientHistory(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, backref="history", on_delete="CASCADE")
    at = DateTimeField(default=utcnow)
    user = CharField(max_length=100)
    action = CharField(max_length=20)  # created | updated | deleted | restored
    changes = TextField(default="{}")  # JSON: {field: [old, new]}


# --- services, channels, servers, inventory, custom fields, imports --------------------


class CompanyService(BaseModel):
    id: AutoField[int]
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)
    service = ForeignKeyField(Service, on_delete="CASCADE")
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("company", "service"), True),)


class ClientService(BaseModel):
    """A service set on the client itself; it overrides what the company gives."""

    id: AutoField[int]
    client = ForeignKeyField(Client, on_delete="CASCADE", index=False)
    service = ForeignKeyField(Service, on_delete="CASCADE")
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("client", "service"), True),)


class ClientChannel(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, on_delete="CASCADE", index=False)
    channel = ForeignKeyField(Channel, on_delete="CASCADE")
    handle = CharField(max_length=200, default="")
    enabled = BooleanField(default=True)

    class Meta:
        indexes = ((("client", "channel"), True),)


class Invitation(BaseModel):
    """The outbox: one e-mail with a channel's access information, kept until delivered."""

    id: AutoField[int]
    client = ForeignKeyField(Client, on_delete="CASCADE")
    client_id: int
    channel = ForeignKeyField(Channel, null=True, on_delete="SET NULL")
    channel_id: int | None
    email = CharField(max_length=254)
    status = CharField(max_length=20, default="pending")  # pending | sending | sent | failed
    attempts = IntegerField(default=0)
    last_error = TextField(default="")  # the server's or the system's words
    created_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    # m0011: the message itself, who asked, retries and the sender holding it
    recipient_name = CharField(max_length=200, default="")
    subject = CharField(max_length=300, default="")
    body = TextField(default="")
    created_by = CharField(max_length=100, default="")
    error_code = CharField(max_length=20, default="")  # connection | timeout | tls | auth | …
    next_attempt_at = DateTimeField(null=True)  # a failed one is retried from then on
    claim = CharField(max_length=40, default="")  # the sender working on it (status sending)
    claimed_at = DateTimeField(null=True)
    message_id = CharField(max_length=300, default="")

    class Meta:
        indexes = ((("status", "next_attempt_at"), False),)


class ServerInfo(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, unique=True, on_delete="CASCADE")
    gitlab_user = CharField(max_length=100, default="")
    discord_user = CharField(max_length=100, default="")
    slack_channel = CharField(max_length=100, default="")
    discord_channel = CharField(max_length=100, default="")


class Server(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, backref="servers", on_delete="CASCADE")
    host = CharField(max_length=255)
    ip = CharField(max_length=45, default="")
    username = CharField(max_length=100, default="")
    password_encrypted = BlobField(null=True)


class InventoryItem(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, backref="inventory", on_delete="CASCADE")
    client_id: int
    serial = CharField(max_length=100, unique=True)
    description = CharField(max_length=300, default="")
    delivered_on = DateField(null=True)
    work_order = CharField(max_length=50, default="")
    delivered_by = CharField(max_length=100, default="")


class CustomField(BaseModel):
    id: AutoField[int]
    key = CharField(max_length=50, unique=True)
    label = CharField(max_length=100)
    type = CharField(max_length=20)  # text number date bool choice email phone
    required = BooleanField(default=False)
    help = CharField(max_length=300, default="")
    choices = TextField(default="")
    sort_order = IntegerField(default=0)
    company_type = ForeignKeyField(CompanyType, null=True, on_delete="CASCADE")
    company_type_id: int | None
    category = ForeignKeyField(Category, null=True, on_delete="CASCADE")
    category_id: int | None
    active = BooleanField(default=True)


class CustomValue(BaseModel):
    id: AutoField[int]
    client = ForeignKeyField(Client, on_delete="CASCADE", index=False)
    field = ForeignKeyField(CustomField, on_delete="RESTRICT")
    value = TextField(default="")

    class Meta:
        indexes = ((("client", "field"), True), (("field", "value"), False))


class ImportJob(BaseModel):
    id: AutoField[int]
    file_name = CharField(max_length=255)
    user = CharField(max_length=100, default="")
    # running | done | with_errors | refused | cancelled (interrupted: running, process gone)
    status = CharField(max_length=20, default="running")
    started_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)
    total = IntegerField(default=0)
    imported = IntegerField(default=0)
    rejected = IntegerField(default=0)
    companies_created = IntegerField(default=0)
    message = TextField(default="")
    error_file = ForeignKeyField(Attachment, null=True, on_delete="SET NULL")
    updated = IntegerField(default=0)  # m0006
    warnings = IntegerField(default=0)
    error_path = CharField(max_length=1000, default="")
    update_existing = BooleanField(default=False)
    dry_run = BooleanField(default=False)
    host = CharField(max_length=255, default="")
    pid = IntegerField(default=0)
    fingerprint = CharField(max_length=64, default="", index=True)  # m0007: the file's sha256
    checkpoint = IntegerField(default=0)  # last input line whose rows are committed
    error_offset = BigIntegerField(default=0)  # bytes of the error file written by then
    resumed = IntegerField(default=0)  # times it was continued after an interruption
    pending_errors = BlobField(null=True)  # m0016: error rows committed, not yet in the file
    seconds = DoubleField(default=0)  # m0019: its runs' time, summed (up to its last batch)


class ImportMapping(BaseModel):
    """m0017: a column mapping saved by name (its TOML form); ``key`` is the folded name,
    ``header`` the source columns it was made for, one per line (to find it again)."""

    id: AutoField[int]
    name = CharField(max_length=100)
    key = CharField(max_length=100, unique=True)
    header = TextField(default="")
    toml = TextField()
    user = CharField(max_length=100, default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class GeocodeCache(BaseModel):
    """m0008: what the geocoder answered for an address (key: folded text + country)."""

    id: AutoField[int]
    key = CharField(max_length=400, unique=True)
    latitude = DoubleField(null=True)
    longitude = DoubleField(null=True)
    level = CharField(max_length=20, default="")  # locality | region | country | unresolved
    place = CharField(max_length=200, default="")
    source = CharField(max_length=20, default="")  # gazetteer | nominatim
    created_at = DateTimeField(default=utcnow)


class AppMeta(BaseModel):
    """Small key/value facts about the database itself (e.g. the loaded catalogs' digest)."""

    key = CharField(max_length=50, primary_key=True)
    value = TextField(default="")


class ClientSearch(FTS5Model):
    """SQLite's search index (an FTS5 trigram table, rowid = client id), for queries only.

    It is created by ``services.search_index.create``; PostgreSQL uses a plain table.
    """

    rowid = RowIDField()
    text = SearchField()

    class Meta:
        database = database
        table_name = "client_search"


class SchemaVersion(BaseModel):
    version = IntegerField(primary_key=True)
    name = CharField(max_length=100)
    applied_at = DateTimeField(default=utcnow)


ALL_MODELS = [
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
    ImportMapping,
    GeocodeCache,
    AppMeta,
    SchemaVersion,
]
