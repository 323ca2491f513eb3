"""Persistence: the peewee models, opening a database by URL, encryption, and the store's operations."""
