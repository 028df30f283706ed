"""delink rules: one module per rule (installed as ``delink.rules``)."""
