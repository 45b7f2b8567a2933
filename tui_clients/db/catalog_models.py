"""Catalog models: loaded from data/ (see services.catalogs), read by every front end."""

from __future__ import annotations

from peewee import AutoField, BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from tui_clients.db.base import BaseModel


class CompanyType(BaseModel):
    id: AutoField[int]
    code = CharField(max_length=20, unique=True)
    name_es = CharField(max_length=100)
    name_en = CharField(max_length=100)
    person_kind = CharField(max_length=10)  # fisica | moral
    extra_steps = CharField(max_length=200, default="")  # space-separated wizard step keys
    sort_order = IntegerField(default=0)


class Category(BaseModel):
    id: AutoField[int]
    code = CharField(max_length=20, unique=True)
    name_es = CharField(max_length=100)
    name_en = CharField(max_length=100)
    company_type = ForeignKeyField(CompanyType, null=True, on_delete="RESTRICT")
    company_type_id: int | None
    extra_steps = CharField(max_length=200, default="")
    sort_order = IntegerField(default=0)


class Country(BaseModel):
    code = CharField(max_length=2, primary_key=True)
    alpha3 = CharField(max_length=3)
    name_es = CharField(max_length=100)
    name_en = CharField(max_length=100)


class AdminArea(BaseModel):
    """Region → province/municipality → district of a country (ISO 3166-2, Peru's ubigeo)."""

    id: AutoField[int]
    country = CharField(max_length=2)
    code = CharField(max_length=20)
    name = CharField(max_length=150)
    level = IntegerField()  # 1 region/state/department, 2 province, 3 district
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")
    kind = CharField(max_length=50, default="")

    class Meta:
        indexes = ((("country", "code"), True), (("country", "level", "name"), False))


class DocumentType(BaseModel):
    id: AutoField[int]
    country = CharField(max_length=2, default="")  # "" for codes valid in any country
    code = CharField(max_length=10)
    name_es = CharField(max_length=100)
    name_en = CharField(max_length=100)
    fisica = BooleanField()
    moral = BooleanField()
    tax = BooleanField()

    class Meta:
        indexes = ((("country", "code"), True),)


class RegimenFiscal(BaseModel):
    code = CharField(max_length=3, primary_key=True)
    description = CharField(max_length=200)
    fisica = BooleanField()
    moral = BooleanField()


class UsoCfdi(BaseModel):
    code = CharField(max_length=4, primary_key=True)
    description = CharField(max_length=200)
    fisica = BooleanField()
    moral = BooleanField()
    regimenes = CharField(max_length=200)  # space-separated c_RegimenFiscal codes


class Service(BaseModel):
    id: AutoField[int]
    code = CharField(max_length=30, unique=True)
    name = CharField(max_length=150)
    description = TextField(default="")
    active = BooleanField(default=True)


class Channel(BaseModel):
    id: AutoField[int]
    code = CharField(max_length=30, unique=True)
    name = CharField(max_length=100)
    active = BooleanField(default=True)
