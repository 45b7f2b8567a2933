"""Services: the catalog, and which a client has, set on itself or inherited from its company.

A client's own setting (active or not) overrides its company's; without one the client
has what its company has.  The rule is :func:`effective`, used by the profile, the list's
filter (in SQL, :func:`having_service`) and the export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from peewee import JOIN

from tui_clients.db import models as m
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import clean_text
from tui_clients.services.clients.history import record
from tui_clients.services.clients.queries import ClientNotFound
from tui_clients.services.session import current_user

CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,29}")


@dataclass(frozen=True)
class ServiceDef:
    code: str
    name: str
    description: str = ""
    active: bool = True


@dataclass(frozen=True)
class ServiceState:
    """One catalog service as it stands for one client."""

    code: str
    name: str
    own: bool | None  # set on the client: active or not; None: not set
    company: bool | None  # set on its company; None: not set (or no company)
    catalog_active: bool = True

    @property
    def active(self) -> bool:
        return effective(self.own, self.company)

    @property
    def inherited(self) -> bool:
        return self.own is None and self.company is not None


def effective(own: bool | None, company: bool | None) -> bool:
    """Whether a client has a service: its own setting, else its company's."""
    return own if own is not None else bool(company)


# --- the catalog ------------------------------------------------------------------


def catalog() -> list[ServiceDef]:
    return [
        ServiceDef(s.code, s.name, s.description, s.active)
        for s in m.Service.select().order_by(m.Service.name)
    ]


def save_service(s: ServiceDef, *, new: bool) -> ServiceDef:
    """Add (``new``) or change a catalog service; its code never changes once made."""
    errors: list[FieldError] = []
    code = (s.code or "").strip().upper()
    if not CODE.fullmatch(code):
        errors.append(
            FieldError(
                "code",
                "code",
                N_("“{value}” is not a code: capital letters, digits, - and _ (up to 30)."),
                shown(code),
            )
        )
    elif new and m.Service.get_or_none(m.Service.code == code):
        errors.append(FieldError("code", "taken", N_("The code “{value}” is taken."), code))
    name = description = ""
    try:
        name = clean_text(s.name, "name", required=True, max_length=150)
    except ValidationError as exc:
        errors.extend(exc.errors)
    try:
        description = clean_text(s.description, "description", max_length=500)
    except ValidationError as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    clean = ServiceDef(code, name, description, s.active)
    if new:
        m.Service.create(code=code, name=name, description=description, active=s.active)
    else:
        m.Service.update(name=name, description=description, active=s.active).where(
            m.Service.code == code
        ).execute()
    return clean


# --- a client's services --------------------------------------------------------------


def service_states(client_id: int) -> list[ServiceState]:
    """Every active catalog service, and any other the client or its company has set."""
    client = m.Client.get_or_none(m.Client.id == client_id)
    if client is None:
        raise ClientNotFound(client_id)
    own_rows = (
        m.ClientService.select(m.ClientService.service, m.ClientService.active)
        .where(m.ClientService.client == client_id)
        .tuples()
    )
    own = dict(cast("Iterable[tuple[int, bool]]", own_rows))  # service id -> active
    company: dict[int, bool] = {}
    if client.company_id:
        company_rows = (
            m.CompanyService.select(m.CompanyService.service, m.CompanyService.active)
            .where(m.CompanyService.company == client.company_id)
            .tuples()
        )
        company = dict(cast("Iterable[tuple[int, bool]]", company_rows))
    return [
        ServiceState(s.code, s.name, own.get(s.id), company.get(s.id), s.active)
        for s in m.Service.select().order_by(m.Service.name)
        if s.active or s.id in own or s.id in company
    ]


def state_word(own: bool | None) -> str:
    """How the history writes a client's own setting (codes, the same in every language)."""
    return {True: "active", False: "inactive", None: "inherited"}[own]


def set_client_service(
    client_id: int, code: str, own: bool | None, *, user: str | None = None
) -> ServiceState:
    """Set the client's own setting of a service (None: back to what its company has);
    the history records it."""
    service = m.Service.get_or_none(m.Service.code == code)
    if service is None:
        raise ValidationError(
            FieldError("service", "unknown", N_("Unknown service “{value}”."), shown(code))
        )
    with m.database.atomic():
        before = next(s for s in service_states(client_id) if s.code == code)
        link = m.ClientService.select().where(
            m.ClientService.client == client_id, m.ClientService.service == service.id
        )
        if own is None:
            m.ClientService.delete().where(m.ClientService.id.in_(link)).execute()
        elif link.exists():
            m.ClientService.update(active=own).where(m.ClientService.id.in_(link)).execute()
        else:
            m.ClientService.create(client=client_id, service=service.id, active=own)
        if before.own != own:
            record(
                client_id,
                "updated",
                user or current_user(),
                {f"service.{code}": [state_word(before.own), state_word(own)]},
            )
        _touch(client_id)
    return next(s for s in service_states(client_id) if s.code == code)


def set_company_service(company_id: int, code: str, active: bool | None) -> None:
    """Set a service on a company, for every client of it that has no setting of its own."""
    service = m.Service.get(m.Service.code == code)
    with m.database.atomic():
        m.CompanyService.delete().where(
            m.CompanyService.company == company_id, m.CompanyService.service == service.id
        ).execute()
        if active is not None:
            m.CompanyService.create(company=company_id, service=service.id, active=active)


def company_clients(company_id: int) -> int:
    return m.Client.select().where(m.Client.company == company_id).count()


def _touch(client_id: int) -> None:
    """An edit opened before this change must reload (optimistic locking)."""
    m.Client.update(version=m.Client.version + 1).where(m.Client.id == client_id).execute()


def having_service(code: str):
    """Ids of the clients that have a service (in SQL, for the list's filter):
    set active on themselves, or active on their company and not set on themselves."""
    S, CS, KS = m.Service, m.ClientService, m.CompanyService
    service = S.select(S.id).where(S.code == code)
    own = CS.select(CS.client).where(CS.service.in_(service), CS.active)
    companies = KS.select(KS.company).where(KS.service.in_(service), KS.active)
    inherited = (
        m.Client.select(m.Client.id)
        .join(CS, JOIN.LEFT_OUTER, on=((CS.client == m.Client.id) & CS.service.in_(service)))
        .where(m.Client.company.in_(companies), CS.id.is_null())
    )
    return own | inherited
