class QuotaError(Exception):
    """The account is full."""
