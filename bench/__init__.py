"""diplotime benchmark: a synthetic corpus generator and `python -m bench run`, the measurement table."""
