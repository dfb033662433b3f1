"""A package whose docstrings use every style (a fixture of test/docstrings/bundle.test.ts)."""
from .errors import QuotaError


def upload(path: str, retries: int = 3, *, tag=None):
    """Upload one file.

    Args:
        path (str): The file.
        retries (str): How often to try.
        chunk: Not a parameter of this function.

    Raises:
        QuotaError: When the account is full.
        ValueError: For an empty path.
    """


def download(url, target):
    """Download one file.

    Parameters
    ----------
    url : str
        Where from.

    See Also
    --------
    upload : The other direction.
    docpkg.errors.QuotaError
    """


class Client:
    """A connection.

    :param host: Where to connect.
    :type host: str
    :raises errors.QuotaError: Never at construction.

    See :meth:`send` and :class:`~docpkg.errors.QuotaError`.
    """

    def __init__(self, host: str) -> None:
        self.host = host

    def send(self, data: bytes) -> int:
        """Send bytes.

        Args:
            data (bytes): The payload.

        Returns:
            int: Bytes sent.
        """
        return 0


class Quiet(Client):
    def send(self, data: bytes) -> int:
        return 0
