"""Every operation a user can ask for, as plain functions: the CLI, mitmproxy commands and any API are faces."""
