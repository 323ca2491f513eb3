"""The HTTP management API: a FastAPI face over addon/operations, like the CLI (`anonamoose api`)."""
