"""Release: the one orchestrator (compile, reason, validate) and the atomic release folder."""
