"""The probabilistic model: Splink 5 (DuckDB) on names, birth dates and partial identifiers.

Input: a frame with ``unique_id, first_name, last_name, dob, idpart, country`` (any may be null;
``source_dataset`` too for linkage between two files). Names are normalised and enriched here
with the nickname-canonical first name and metaphone codes (``clew.resolve.names``).

Model (Fellegi-Sunter; m = P(level | same person), u = P(level | different people)):

============  =========================================================  ====================
comparison    levels (first that applies)                                 prior m
============  =========================================================  ====================
first_name    exact · nickname/phonetic equal · JW ≥ 0.9 · initial · else  .80 .08 .06 .03 .03
last_name     exact · phonetic equal · JW ≥ 0.9 · else                     .85 .05 .05 .05
dob           exact · one edit or day/month swap · same year · else        .88 .07 .02 .03
idpart        exact · ≤ 2 edits · else                                     .60 .10 .30
country       exact · else                                                 .90 .10
============  =========================================================  ====================

m stays at these documented priors (training m by EM on one operation's data would fit that
operation's quirks, and small operations have too few pairs); u is estimated by Splink's random
sampling when there are at least ``MIN_FOR_U`` records, else priors are used. A missing value on
either side is neutral. λ (two random records match) = 2/n. Blocking keeps it near-linear: pairs
are only scored when they share (last-name metaphone and first-name metaphone), or (birth date and
last-name initial), or (birth date and first-name metaphone), or the partial identifier.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from clew.resolve import names as nm

THRESHOLD = 0.99  # match probability at or above which a scored pair becomes a merging link
CANDIDATE = 0.5  # scored pairs at or above this are kept as (not merging) candidate links
MIN_FOR_U = 1000
SEED = 42

BLOCKING = (
    "l.last_meta = r.last_meta and l.first_meta = r.first_meta",
    "l.dob = r.dob and l.last_initial = r.last_initial",
    "l.dob = r.dob and l.first_meta = r.first_meta",
    "l.idpart = r.idpart",
)


def _level(sql: str, label: str, m: float, u: float, null: bool = False) -> dict[str, Any]:
    level = {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}
    if null:
        level["is_null_level"] = True
    return level


def _null(col: str) -> dict[str, Any]:
    return {
        "sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL",
        "label_for_charts": "missing",
        "is_null_level": True,
    }


def comparisons() -> list[dict[str, Any]]:
    """The comparison levels with their prior m/u (see module docstring)."""
    jw = "jaro_winkler_similarity"
    return [
        {
            "output_column_name": "first_name",
            "comparison_levels": [
                _null("first_name"),
                _level("first_name_l = first_name_r", "exact", 0.80, 0.005),
                _level(
                    "first_canon_l = first_canon_r OR first_meta_l = first_meta_r",
                    "nickname or phonetic",
                    0.08,
                    0.004,
                ),
                _level(f"{jw}(first_name_l, first_name_r) >= 0.9", "jaro-winkler >= 0.9", 0.06, 0.01),
                _level(
                    "(length(first_name_l) = 1 OR length(first_name_r) = 1) "
                    "AND substr(first_name_l, 1, 1) = substr(first_name_r, 1, 1)",
                    "initial",
                    0.03,
                    0.04,
                ),
                _level("ELSE", "different", 0.03, 0.931),
            ],
        },
        {
            "output_column_name": "last_name",
            "comparison_levels": [
                _null("last_name"),
                _level("last_name_l = last_name_r", "exact", 0.85, 0.002),
                _level("last_meta_l = last_meta_r", "phonetic", 0.05, 0.003),
                _level(f"{jw}(last_name_l, last_name_r) >= 0.9", "jaro-winkler >= 0.9", 0.05, 0.005),
                _level("ELSE", "different", 0.05, 0.99),
            ],
        },
        {
            "output_column_name": "dob",
            "comparison_levels": [
                _null("dob"),
                _level("dob_l = dob_r", "exact", 0.88, 0.0003),
                _level(
                    "levenshtein(dob_l, dob_r) <= 1 OR (substr(dob_l, 1, 4) = substr(dob_r, 1, 4) "
                    "AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2) "
                    "AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2))",
                    "one edit or day/month swap",
                    0.07,
                    0.003,
                ),
                _level("substr(dob_l, 1, 4) = substr(dob_r, 1, 4)", "same year", 0.02, 0.02),
                _level("ELSE", "different", 0.03, 0.9767),
            ],
        },
        {
            "output_column_name": "idpart",
            "comparison_levels": [
                _null("idpart"),
                _level("idpart_l = idpart_r", "exact", 0.60, 0.00001),
                _level("levenshtein(idpart_l, idpart_r) <= 2", "<= 2 edits", 0.10, 0.001),
                _level("ELSE", "different", 0.30, 0.99899),
            ],
        },
        {
            "output_column_name": "country",
            "comparison_levels": [
                _null("country"),
                _level("country_l = country_r", "exact", 0.90, 0.2),
                _level("ELSE", "different", 0.10, 0.8),
            ],
        },
    ]


COMPARED = ("first_name", "last_name", "dob", "idpart", "country")


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Normalise names and add the derived blocking/comparison columns."""
    out = frame.copy()
    for col in ("first_name", "last_name"):
        out[col] = out[col].map(lambda v: nm.normalise(v).replace(" ", "") if isinstance(v, str) else "")
    out["first_canon"] = out["first_name"].map(nm.canonical)
    out["first_meta"] = out["first_name"].map(nm.phonetic)
    out["last_meta"] = out["last_name"].map(nm.phonetic)
    out["last_initial"] = out["last_name"].str[:1]
    for col in ("first_name", "last_name", "first_canon", "first_meta", "last_meta", "last_initial"):
        out[col] = out[col].where(out[col] != "", None)
    for col in ("dob", "idpart", "country"):
        if col not in out:
            out[col] = None
        out[col] = out[col].where(out[col].notna() & (out[col] != ""), None)
    return out


def score(frames: list[pd.DataFrame], *, threshold: float = CANDIDATE) -> pd.DataFrame:
    """Scored candidate pairs at or above ``threshold``: ``unique_id_l, unique_id_r,
    match_probability, match_weight`` plus ``gamma_<field>``/``bf_<field>`` per compared field.

    One frame deduplicates; two frames (each with ``source_dataset``) link.
    """
    from splink import DuckDBAPI, Linker

    prepared = [prepare(f) for f in frames]
    n = sum(len(f) for f in prepared)
    empty = pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability", "match_weight"])
    if n < 2:
        return empty
    settings = {
        "link_type": "dedupe_only" if len(prepared) == 1 else "link_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": min(0.5, 2.0 / n),
        "blocking_rules_to_generate_predictions": list(BLOCKING),
        "comparisons": comparisons(),
        "retain_intermediate_calculation_columns": True,
        "retain_matching_columns": False,
    }
    db_api = DuckDBAPI()
    tables = [db_api.register(f) for f in prepared]
    linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.WARNING)
    if n >= MIN_FOR_U:
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
    result = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    df = result.as_pandas_dataframe()
    keep = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
    keep += [f"mw_{c}" for c in COMPARED]
    df = df[keep]
    df.attrs["levels"] = level_weights(linker)
    return df


def level_weights(linker: Any) -> dict[str, list[tuple[str, float]]]:
    """Per compared field, (level label, match weight) of each level of the trained model."""
    out: dict[str, list[tuple[str, float]]] = {}
    for comparison in linker._settings_obj.comparisons:
        levels = []
        for level in comparison.comparison_levels:
            weight = 0.0 if level.is_null_level else float(level._log2_bayes_factor)
            levels.append((level.label_for_charts, weight))
        out[comparison.output_column_name] = levels
    return out


def explain_row(row: Any, levels: dict[str, list[tuple[str, float]]]) -> dict[str, Any]:
    """Evidence of one scored pair: match weight/probability and, per field, level and match weight."""
    fields = {}
    for col in COMPARED:
        weight = float(row[f"mw_{col}"])
        label = min(levels[col], key=lambda lw: abs(lw[1] - weight))[0] if levels.get(col) else "?"
        fields[col] = {"level": label, "match_weight": round(weight, 3)}
    return {
        "model": "splink",
        "match_probability": round(float(row["match_probability"]), 6),
        "match_weight": round(float(row["match_weight"]), 3),
        "fields": fields,
    }
