"""Repositories and entities: the hand-written layer over the generated operations."""
