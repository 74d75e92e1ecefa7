"""The identifier contract: what a normaliser returns and the four verbs every kind implements.

An identifier (a phone number, an e-mail address, an IBAN, ...) is a node that many records point
to. Normalising it gives the one form that records agree on (the ``key``) plus what the value says
about a country, each claim with its evidence. A value that cannot be normalised is never dropped:
``value``/``key`` are ``None`` and ``reason`` says why, with ``raw`` kept for the analyst.

Every kind is one small :class:`Identifier` subclass with four verbs, each wrapping a maintained
library (phonenumbers, schwifty, iptocc, ipaddress, bech32, eth-hash, python-stdnum):

- ``clean(raw, country, context) -> Cleaned``: the normal form, or ``None`` with the reason;
- ``validate(value, detail) -> str | None``: a further reason the clean form is not valid;
- ``country(value, detail, country, raw) -> tuple[Attribution, ...]``: evidence for countries;
- ``key(value, detail) -> str``: the node id ``"<kind>:<value>"`` (plus service where it matters).

:meth:`Identifier.normalise` runs them in order and never raises on any input text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple


@dataclass(frozen=True, slots=True)
class Attribution:
    """One piece of evidence that an identifier belongs to a country.

    ``rule`` names how it was decided (``"phone-prefix"``, ``"iban-country"``, ...); ``evidence`` is a
    sentence naming the value and what about it decided; ``confidence`` is 0..1 (see
    docs/architecture.md, "Identifiers", for the scale).
    """

    country: str
    rule: str
    evidence: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Normalised:
    """The result of normalising one raw value as one identifier kind.

    ``value``/``key`` are ``None`` exactly when the value is not valid; ``reason`` then says why.
    ``country`` is the country of the most confident attribution. ``detail`` is shared between
    calls (results are cached): read it, never mutate it.
    """

    kind: str
    raw: str
    value: str | None
    valid: bool
    reason: str | None
    key: str | None
    country: str | None
    attributions: tuple[Attribution, ...]
    detail: dict = field(default_factory=dict, hash=False, compare=True)


class Cleaned(NamedTuple):
    """What ``clean`` returns: the normal form (``None`` with a reason if there is none) and detail."""

    value: str | None
    reason: str | None = None
    detail: dict[str, Any] = {}  # noqa: RUF012 - never mutated, replaced per call


class Identifier:
    """One identifier kind. Subclasses set ``kind`` and implement ``clean``; the rest has defaults."""

    kind: ClassVar[str] = ""
    max_length: ClassVar[int] = 256  # longer text is refused before any library sees it

    def clean(self, raw: str, country: str | None, context: dict[str, Any]) -> Cleaned:
        raise NotImplementedError

    def validate(self, value: str, detail: dict[str, Any]) -> str | None:
        """A reason the cleaned value is still invalid, or ``None`` if it is valid."""
        return None

    def country(
        self, value: str, detail: dict[str, Any], country: str | None, raw: str
    ) -> tuple[Attribution, ...]:
        """Country evidence the value carries; ``country`` is the source's (if known), ``raw`` as written."""
        return ()

    def key(self, value: str, detail: dict[str, Any]) -> str:
        """The node id records share: ``"<kind>:<value>"`` unless the kind needs a qualifier."""
        return f"{self.kind}:{value}"

    def normalise(self, raw: str, country: str | None = None, **context: Any) -> Normalised:
        """Run clean → validate → country → key. Never raises because of the input text."""
        text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
        country = (country.strip().upper() or None) if isinstance(country, str) else None
        stripped = text.strip()
        if not stripped or len(stripped) > self.max_length:
            why = "empty" if not stripped else f"longer than {self.max_length} characters"
            return Normalised(self.kind, text, None, False, why, None, None, (), {})
        try:
            cleaned = self.clean(text, country, context)
            value, reason, detail = cleaned.value, cleaned.reason, cleaned.detail
            if value is not None and reason is None:
                reason = self.validate(value, detail)
            if value is None or reason is not None:
                return Normalised(self.kind, text, None, False, reason or "not valid", None, None, (), detail)
            found = self.country(value, detail, country, text)
            best = max(found, key=lambda a: a.confidence).country if found else None
            key = self.key(value, detail)
            return Normalised(self.kind, text, value, True, None, key, best, found, detail)
        except Exception as exc:  # a library choking on odd text must not stop an ingest
            return Normalised(self.kind, text, None, False, f"cannot be read: {exc}", None, None, (), {})


def sentence_value(raw: str, limit: int = 60) -> str:
    """The raw value quoted for an evidence sentence, shortened if very long."""
    text = raw.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
