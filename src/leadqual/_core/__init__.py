"""The private kernel every layer may use: small, pure helpers with one copy each."""
