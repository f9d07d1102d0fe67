"""Every write of the Schools Forum cycle, one module per concern."""
