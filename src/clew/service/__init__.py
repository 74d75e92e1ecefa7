"""The service layer: what every interface (CLI, REST API, web app) asks of Clew.

Small modules of typed query functions over a :class:`~clew.store.base.Store`, each returning
frozen dataclasses (``as_dict()`` gives their JSON form). Interfaces hold no logic: they call
these functions and print or serialise what comes back, so the CLI, the API and the web pages
show the same figures. Every read goes through the store (scoped to its operation) and every
read of subject data is audited with object ids only — never names or identifier values.

- :mod:`clew.service.display` — a display name, variants, country and top identifiers per id;
- :mod:`clew.service.subject` — who a subject is (names, identifiers, records, roles, priority…);
  its parts read by ``subject_records``, ``subject_identifiers``, ``subject_findings``, ``subject_money``;
- :mod:`clew.service.search` — find subjects by name, phone, e-mail, user name, account, wallet;
- :mod:`clew.service.decisions` — analysts' resolution decisions, listed and undone.
- one module per analysis an interface reaches (``network``, ``money``, ``resolution``,
  ``outcomes``, ``exports``, ``hashes``, ``leadtools``, ``deconfliction``, ``evidence``,
  ``analysis`` for the pipeline, ``evaluation`` for scores against a demo's truth), thin over
  the analysis's own functions, which audit each action once; ``leads``, ``leadfiles`` for packages.
"""
