"""`jixiao parse` and `jixiao convert`."""
