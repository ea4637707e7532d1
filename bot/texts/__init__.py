"""The text catalogue: one module per feature, each with a `TEXTS` dict of key -> {id, en}."""
