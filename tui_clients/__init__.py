"""tui-clients: register and manage business clients from the terminal."""

__version__ = "0.1.0"
