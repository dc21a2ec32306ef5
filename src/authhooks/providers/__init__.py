"""One sub-package per provider: its receiver, its typed events and its signing helper."""
