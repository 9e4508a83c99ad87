"""The `jixiao` command. Each command group lives in its own module; heavy imports stay inside
the command functions so `jixiao --help` starts fast."""
