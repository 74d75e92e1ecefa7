"""Which identifier kind an FtM property holds, so ingest finds identifiers in any schema.

Typed properties decide by their FtM type (phone, email, ip) or format (iban, bic), wherever
they are defined (``Person:phone``, ``Call:callerNumber``, ``Message:ibanMentioned``,
``LegalEntity:swiftBic``). Untyped ones are listed by the schema that defines them in
:data:`PROPERTY_KINDS` (an extension point: ``(schema, property) -> kind``; a schema's
descendants inherit the entry); Clew's own ``clew:*`` properties in :data:`CLEW_PROPERTY_KINDS`.
"""

from __future__ import annotations

from functools import lru_cache

from followthemoney import model

TYPE_KINDS = {"phone": "phone", "email": "email", "ip": "ip"}
FORMAT_KINDS = {"iban": "iban", "bic": "bic"}
PROPERTY_KINDS: dict[tuple[str, str], str] = {
    ("BankAccount", "accountNumber"): "account",
    ("CryptoWallet", "publicKey"): "crypto",
    ("CryptoWallet", "accountId"): "crypto",
    ("CryptoWallet", "cryptoAddress"): "crypto",
    ("UserAccount", "username"): "username",
    # identity documents (FtM type "identifier"): Passport.number inherits Identification's entry
    ("Identification", "number"): "document",
    ("Passport", "passportNumber"): "document",
    ("Person", "passportNumber"): "document",
    ("Person", "idNumber"): "document",  # a person's national ID number; a company's is a register's
    # an e-mail's header fields are plain strings in FtM ("Ann Lee <ann@mail.example>")
    ("Email", "from"): "email",
    ("Email", "sender"): "email",
    ("Email", "to"): "email",
    ("Email", "cc"): "email",
    ("Email", "bcc"): "email",
}
CLEW_PROPERTY_KINDS: dict[str, str] = {"clew:deviceId": "device"}


@lru_cache(maxsize=4096)
def identifiers_of(schema: str, prop: str) -> str | None:
    """The identifier kind ``schema``'s property ``prop`` holds, or ``None`` (unknown schema/property too).

    ``prop`` may be qualified (``"Person:phone"``). Cached: ingest asks once per statement.
    """
    name = prop.split(":", 1)[1] if ":" in prop and not prop.startswith("clew:") else prop
    if name in CLEW_PROPERTY_KINDS:
        return CLEW_PROPERTY_KINDS[name]
    found = model.get(schema)
    if found is None:
        return None
    definition = found.get(name)
    if definition is None:
        return None
    kind = TYPE_KINDS.get(definition.type.name) or FORMAT_KINDS.get(definition.format or "")
    if kind is not None:
        return kind
    for (owner, owned), kind in PROPERTY_KINDS.items():
        if owned == name and found.is_a(owner):
            return kind
    return None
