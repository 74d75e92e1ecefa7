"""identifiers_of: FtM properties to identifier kinds, in any schema."""

import pytest

from clew.errors import IdentifierError
from clew.identifiers import REGISTRY, normalise
from clew.identifiers.fields import identifiers_of


@pytest.mark.parametrize(
    ("schema", "prop", "kind"),
    [
        ("Person", "phone", "phone"),
        ("Company", "email", "email"),
        ("Call", "callerNumber", "phone"),
        ("UserAccount", "ipAddress", "ip"),
        ("UserAccount", "username", "username"),
        ("BankAccount", "iban", "iban"),
        ("BankAccount", "bic", "bic"),
        ("Company", "swiftBic", "bic"),
        ("BankAccount", "accountNumber", "account"),
        ("Message", "ibanMentioned", "iban"),
        ("CryptoWallet", "publicKey", "crypto"),
        ("CryptoWallet", "cryptoAddress", "crypto"),
        ("CryptoWallet", "accountId", "crypto"),
        ("Person", "clew:deviceId", "device"),
        ("Person", "Person:phone", "phone"),
        ("Email", "from", "email"),  # header fields: plain strings in FtM
        ("Email", "to", "email"),
        ("Email", "cc", "email"),
        ("Email", "bcc", "email"),
        ("Email", "sender", "email"),
        ("Email", "subject", None),
        ("Passport", "number", "document"),  # Identification's number, inherited
        ("Identification", "number", "document"),
        ("Passport", "passportNumber", "document"),
        ("Person", "passportNumber", "document"),
        ("Person", "idNumber", "document"),
        ("Company", "idNumber", None),  # a register's number, not a person's document
        ("Person", "name", None),
        ("Person", "noSuchProperty", None),
        ("NoSuchSchema", "phone", None),
    ],
)
def test_identifiers_of(schema, prop, kind):
    assert identifiers_of(schema, prop) == kind


def test_every_kind_is_registered_under_its_name():
    assert set(REGISTRY) == {
        "phone", "email", "username", "ip", "iban", "bic", "account", "ewallet", "crypto", "device",
        "document",
    }  # fmt: skip
    assert all(REGISTRY[name].kind == name for name in REGISTRY)


def test_unknown_kind_is_an_error():
    with pytest.raises(IdentifierError):
        normalise("fax", "123")
