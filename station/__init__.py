"""Returns bench station: the Qt-free core (domain, policy, workflow, storage, audit, CLI)."""
