"""Lead package formats, one module each: ``json_package`` (the signed, schema-checked original),
``stix`` (STIX 2.1 bundle), ``ftm`` (FollowTheMoney for Aleph) and ``pdf`` (for the officer).
Every format renders the JSON document; none reads the store."""
