"""`python -m pgshift`: the same as the `pgshift` command."""

from .cli.main import entry

entry()
