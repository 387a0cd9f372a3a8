"""The sandboxed Jinja environment, the line protocol, template families and the context
templates see."""
