"""People, roles, sessions and tokens of the multi-user server (issue 13).

``roles`` declares the user roles and permissions once, as data; ``secrets`` hashes passwords
(argon2id) and checks TOTP codes; ``auth`` holds the policies (lock-out, idle timeout, absolute
lifetime, one use per TOTP step) over the ``Directory`` of ``clew.store.directory``.
"""
