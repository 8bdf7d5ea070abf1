"""`python -m dashboard ...` is the `diplotime` command."""

from dashboard.cli import main

main()
