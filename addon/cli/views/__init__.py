"""rich renderables for the CLI and the TUI: pure functions from data to tables and panels."""
