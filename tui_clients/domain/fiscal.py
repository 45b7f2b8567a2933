"""Mexican fiscal data: SAT régimen fiscal and uso de CFDI compatibility."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui_clients.domain.documents import FISICA, MORAL
from tui_clients.domain.errors import FieldError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.persons import person_kind_word


@dataclass(frozen=True)
class Regimen:
    code: str
    description: str
    fisica: bool
    moral: bool

    def applies_to(self, kind: str) -> bool:
        return self.fisica if kind == FISICA else self.moral if kind == MORAL else True


@dataclass(frozen=True)
class UsoCfdi:
    code: str
    description: str
    fisica: bool
    moral: bool
    regimenes: frozenset[str]

    def applies_to(self, kind: str) -> bool:
        return self.fisica if kind == FISICA else self.moral if kind == MORAL else True


def regimenes_for(kind: str, regimenes: Mapping[str, Regimen]) -> list[Regimen]:
    return [r for r in regimenes.values() if r.applies_to(kind)]


def usos_for(kind: str, regimen: str, usos: Mapping[str, UsoCfdi]) -> list[UsoCfdi]:
    return [u for u in usos.values() if u.applies_to(kind) and regimen in u.regimenes]


def check_fiscal(
    kind: str,
    regimen: str,
    uso: str,
    regimenes: Mapping[str, Regimen],
    usos: Mapping[str, UsoCfdi],
    prefix: str = "fiscal.",
) -> list[FieldError]:
    """Errors of a (régimen, uso de CFDI) pair for a persona física or moral."""
    errors: list[FieldError] = []
    reg = regimenes.get(regimen)
    if reg is None:
        errors.append(
            FieldError(
                prefix + "regimen",
                "unknown",
                N_("“{value}” is not a SAT régimen fiscal."),
                shown(regimen),
            )
        )
    elif not reg.applies_to(kind):
        errors.append(
            FieldError(
                prefix + "regimen",
                "regimen_kind",
                N_("Régimen fiscal {value} does not apply to a {kind}."),
                regimen,
                {"kind": person_kind_word(kind, "MX")},
            )
        )
    use = usos.get(uso)
    if use is None:
        errors.append(
            FieldError(
                prefix + "uso_cfdi",
                "unknown",
                N_("“{value}” is not a SAT uso de CFDI."),
                shown(uso),
            )
        )
    elif reg is not None and regimen not in use.regimenes:
        errors.append(
            FieldError(
                prefix + "uso_cfdi",
                "uso_regimen",
                N_("Uso de CFDI {value} is not allowed with régimen {regimen}."),
                uso,
                {"regimen": regimen},
            )
        )
    elif not use.applies_to(kind):
        errors.append(
            FieldError(
                prefix + "uso_cfdi",
                "uso_kind",
                N_("Uso de CFDI {value} does not apply to a {kind}."),
                uso,
                {"kind": person_kind_word(kind, "MX")},
            )
        )
    return errors
