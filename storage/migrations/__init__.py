"""Numbered SQL migrations, applied in order at start-up, each inside one transaction."""
