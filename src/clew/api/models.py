"""Request bodies: every model forbids unknown fields (issue 13 item 7), and search terms,
money targets and passwords travel in bodies, never in URLs (checklist E6)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Login(Body):
    user: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    code: str = Field(max_length=12)


class PasswordChange(Body):
    current: str = Field(max_length=1024)
    new: str = Field(min_length=12, max_length=1024)


class SearchFilters(Body):
    """Keep only hits whose subject has these facet values (see ``clew.service.finder``)."""

    country: str | None = Field(None, max_length=8)
    role: str | None = Field(None, max_length=64)
    syndicate: str | None = Field(None, max_length=128)
    schema_: str | None = Field(None, alias="schema", max_length=64)

    def chosen(self) -> dict[str, str]:
        values = {
            "country": self.country,
            "role": self.role,
            "syndicate": self.syndicate,
            "schema": self.schema_,
        }
        return {k: v for k, v in values.items() if v is not None}


class Search(Body):
    query: str = Field(min_length=1, max_length=200)
    region: str | None = Field(
        None, min_length=2, max_length=2, description="country of national phone forms"
    )
    filters: SearchFilters = Field(default_factory=SearchFilters)
    limit: int = Field(20, ge=1, le=200)
    offset: int = Field(0, ge=0, le=200)


class Trace(Body):
    target: str = Field(min_length=1, max_length=300)
    direction: Literal["forward", "backward"] = "forward"
    hops: int = Field(3, ge=1, le=10)
    since: str | None = Field(None, max_length=32)
    until: str | None = Field(None, max_length=32)
    min_flow: float = Field(0.01, ge=0.0, le=1.0)
    currency: str | None = Field(None, min_length=3, max_length=3)


class DecisionIn(Body):
    a: str = Field(min_length=1, max_length=128)
    b: str = Field(min_length=1, max_length=128)
    same: bool
    reason: str | None = Field(None, max_length=2000)


class NewUser(Body):
    name: str = Field(min_length=1, max_length=64)
    role: str = Field(max_length=16)


class Membership(Body):
    operation: str = Field(min_length=1, max_length=64)


class LeadsBuild(Body):
    countries: list[str] = Field(
        default_factory=list, max_length=300, description="ISO codes; empty: every country"
    )
    min_priority: float = Field(0.0, ge=0.0, le=1_000_000.0)
    unit: str | None = Field(None, max_length=200)
    contact: str | None = Field(None, max_length=200)
    case_refs: list[str] = Field(default_factory=list, max_length=20)


class LeadsVersion(Body):
    version: int | None = Field(None, ge=1, le=1_000_000)


class LeadsRelease(LeadsVersion):
    to: str | None = Field(None, max_length=200, description="recipient; default: the directory's agency")


class OutcomeIn(Body):
    package_id: str = Field(min_length=1, max_length=128)
    kind: str = Field(max_length=40)
    date: str = Field(min_length=10, max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$")
    agency: str = Field(min_length=1, max_length=200)
    subject_id: str | None = Field(None, max_length=128)
    count: int = Field(1, ge=1, le=100_000)
    reference: str | None = Field(None, max_length=200)
    version: int | None = Field(None, ge=1, le=1_000_000)


class DeconflictOffer(Body):
    kinds: list[str] = Field(
        default_factory=list, max_length=20, description="identifier kinds; empty: the default"
    )
    mode: Literal["psi", "hmac"] = "psi"
    secret: str | None = Field(
        None, min_length=16, max_length=1024, description="hmac mode: the shared secret"
    )


class DeconflictRespond(Body):
    offer: dict = Field(description="the partner's offer document")
    kinds: list[str] = Field(default_factory=list, max_length=20)
    secret: str | None = Field(None, min_length=16, max_length=1024)


class DeconflictFinish(Body):
    response: dict = Field(description="the partner's response to this operation's offer")
    secret: str | None = Field(None, min_length=16, max_length=1024)
