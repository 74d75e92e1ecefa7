"""Benchmark: clew.identifiers.normalise for phone numbers and e-mail addresses.

Prints calls/s for distinct values (cache misses: every call parses), for values that recur ten
times each from an empty cache (what ingest sees for a number in many records), for pure cache
hits, and the ratio to a baseline that
calls only the underlying library in the same process (phonenumbers parse + E.164 format;
followthemoney's e-mail cleaner). Run: ``python bench/identifiers.py [--quick]``.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterable

import phonenumbers
from followthemoney import registry

from clew.identifiers import _cached, normalise


def rate(values: Iterable, call: Callable) -> float:
    values = list(values)
    start = time.perf_counter()
    for value in values:
        call(value)
    return len(values) / (time.perf_counter() - start)


def main() -> None:
    n = 20_000 if "--quick" in sys.argv else 200_000
    rng = random.Random(7)
    phones = [f"09{rng.randint(150, 999)}{rng.randint(0, 9_999_999):07d}" for _ in range(n)]
    emails = [f"User.{i}@Mail{i % 97}.Example.PH" for i in range(n)]
    repeated_phones = phones[: n // 10] * 10  # each number in ten records, shuffled
    repeated_emails = emails[: n // 10] * 10
    rng.shuffle(repeated_phones)
    rng.shuffle(repeated_emails)

    def phone(x: str) -> object:
        return normalise("phone", x, "PH")

    def email(x: str) -> object:
        return normalise("email", x)

    _cached.cache_clear()
    rows = [("phone cold", rate(phones, phone))]
    _cached.cache_clear()
    rows.append(("phone 10x repeat", rate(repeated_phones, phone)))
    rows.append(("phone warm", rate(repeated_phones, phone)))
    rows.append(
        ("phone baseline", rate(phones, lambda x: phonenumbers.format_number(phonenumbers.parse(x, "PH"), 0)))
    )
    _cached.cache_clear()
    rows.append(("email cold", rate(emails, email)))
    _cached.cache_clear()
    rows.append(("email 10x repeat", rate(repeated_emails, email)))
    rows.append(("email warm", rate(repeated_emails, email)))
    rows.append(("email baseline", rate(emails, registry.email.clean_text)))
    table = dict(rows)
    for name, value in rows:
        print(f"{name:16s} {value:12,.0f} calls/s")
    for kind in ("phone", "email"):
        print(
            f"{kind}: cold/baseline = {table[f'{kind} cold'] / table[f'{kind} baseline']:.2f}, "
            f"10x-repeat/baseline = {table[f'{kind} 10x repeat'] / table[f'{kind} baseline']:.1f}, "
            f"warm/baseline = {table[f'{kind} warm'] / table[f'{kind} baseline']:.1f}"
        )


if __name__ == "__main__":
    main()
