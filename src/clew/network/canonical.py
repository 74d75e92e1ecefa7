"""The order of the subject graph's vertices, from what the evidence says about each subject.

PLM's partition depends on the vertex order (``SubjectGraph.communities``), and subject ids come
from record ids, which whatever tool wrote the evidence chose (``subj-`` + a digest of the
smallest entity id). The same evidence under other ids or in another record order must give the
same syndicates, so the step numbers its vertices by a key no tool can change:

1. **content**: a digest of the subject's own evidence: the normalised identifier values its
   records hold (``mentions.key``: phone, e-mail, account, wallet …), its names (case-folded,
   spaces collapsed) and the schemata of its records; never an id;
2. **neighbourhood**: subjects whose content is equal (no identifier and no name, or the same
   ones) are told apart by the keys and weights of their ties, one Weisfeiler–Lehman round at a
   time (at most ``ROUNDS``), until no tie splits;
3. an **exact tie** left after that (same content, same weighted neighbourhood to ``ROUNDS``
   hops) is broken by subject id: the one place an id still decides, for subjects the graph
   cannot tell apart (docs/architecture.md, "Network").

The order is that of the digests (sorted), not an alphabetical one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

ROUNDS = 3  # ties among nameless subjects are almost always split by their first ring of ties


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _name(value: str) -> str:
    return " ".join(value.casefold().split())


def content_keys(
    names: Sequence[str],
    members: Mapping[str, Iterable[str]],
    schemata: Mapping[str, str],
    entity_names: Mapping[str, Sequence[str]],
    mentions: Mapping[str, Sequence[str]],
) -> list[str]:
    """Per subject in ``names``: the digest of its records' identifier keys (``mentions``:
    entity -> keys), names and schemata (step 1 of the module doc)."""
    keys = []
    for subject in names:
        parts: set[str] = set()
        for entity in members.get(subject, ()):
            parts.add("s:" + schemata.get(entity, ""))
            parts.update("n:" + _name(n) for n in entity_names.get(entity) or () if n and n.strip())
            parts.update("i:" + k for k in mentions.get(entity, ()))
        keys.append(_digest(sorted(parts)))
    return keys


def rank(
    names: Sequence[str], keys: Sequence[str], src: np.ndarray, dst: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, int]:
    """Each vertex's place in the canonical order (0 = first), and how many vertices still tie
    exactly after the neighbourhood rounds (broken by name; steps 2–3 of the module doc)."""
    keys = list(keys)
    n = len(keys)
    if not _tied(keys):  # the usual case: content tells every subject apart, no edge is read
        return _places(keys, names), 0
    u = np.concatenate([src, dst])
    nb = np.concatenate([dst, src])
    w = np.round(np.concatenate([weight, weight]), 9).tolist()
    by_u = np.argsort(u, kind="stable")
    starts = np.searchsorted(u[by_u], np.arange(n + 1))
    nb_list, by_list = nb.tolist(), by_u.tolist()
    for _ in range(ROUNDS):
        tied = _tied(keys)
        if not tied:
            break
        refined = list(keys)
        for v in tied:
            ring = sorted(f"{keys[nb_list[e]]}:{w[e]!r}" for e in by_list[starts[v] : starts[v + 1]])
            refined[v] = _digest([keys[v], *ring])
        if len(set(refined)) == len(set(keys)):
            break
        keys = refined
    return _places(keys, names), len(_tied(keys))


def _places(keys: Sequence[str], names: Sequence[str]) -> np.ndarray:
    order = sorted(range(len(keys)), key=lambda v: (keys[v], names[v]))
    out = np.empty(len(keys), dtype=np.int64)
    out[order] = np.arange(len(keys))
    return out


def _tied(keys: list[str]) -> list[int]:
    seen: dict[str, int] = {}
    for k in keys:
        seen[k] = seen.get(k, 0) + 1
    return [v for v, k in enumerate(keys) if seen[k] > 1]
