"""Follow the money: payment graph, FIFO flow tracing, money patterns, country flows.

Layers: ``rates`` (ECB reference rates, no network), ``graph`` (payments as numpy arrays),
``index`` (per-account time-sorted index and FIFO coordinates), ``trace`` (hop-by-hop
tracing), ``patterns`` and ``flows`` (analyses on the graph), ``load`` (the thin adapter
from the store), ``pipeline`` (the analysis step) and ``evaluate`` (against demo truth).
The core (graph/index/trace/patterns) works on plain arrays, without a store.
"""

# every pattern ``clew.money.patterns`` flags (``Flag.pattern``), in the order its docstring
# explains them; here, not there, so the CLI validates ``--pattern`` without loading numpy
PATTERNS = ("seller", "shop", "collector", "buyer", "pass-through", "structuring", "cycle", "foreign-funds")
