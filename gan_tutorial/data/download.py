"""Downloads that are checksummed and cached: a learner's own corpus URL, full MNIST.

The cache folder is ``$GAN_TUTORIAL_CACHE`` if set, else ``~/.cache/gan_tutorial``.
"""

import hashlib
import http.client
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from gan_tutorial import arguments

__all__ = ["cache_dir", "check_sha256", "sha256_of", "download"]


def cache_dir():
    """Where downloads are kept: ``$GAN_TUTORIAL_CACHE``, else ``~/.cache/gan_tutorial``."""
    return Path(os.environ.get("GAN_TUTORIAL_CACHE", Path.home() / ".cache" / "gan_tutorial"))


def sha256_of(path):
    """The SHA-256 of a file, as 64 hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_sha256(sha256):
    """``sha256`` if it is None or a checksum, 64 hex digits; else an error that says so."""
    if sha256 is not None and not isinstance(sha256, str):
        raise TypeError(f"sha256 must be a string of 64 hex digits, got {sha256!r}")
    if sha256 is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise ValueError(f"sha256 must be 64 hex digits, got {sha256!r}")
    return sha256


def download(url, sha256=None, cache=None, timeout=30):
    """The local path of ``url`` (http or https), downloaded once into ``cache`` (default
    `cache_dir()`) and reused after. With ``sha256`` the file is verified every time: a mismatch
    deletes it and raises ``ValueError``. A download that fails (unreachable, an HTTP error, a
    timeout, fewer bytes than the server announced) raises ``OSError`` naming the URL, and
    caches nothing. Returns ``(path, actual_sha256)``."""
    url = str(url)
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise ValueError(f"url must be an http(s) URL, got {url!r}")
    check_sha256(sha256)
    if cache is not None and not isinstance(cache, (str, os.PathLike)):
        raise TypeError(f"cache must be a folder's path, got {cache!r}")
    if timeout is not None:
        arguments.positive("timeout", timeout)
    folder = Path(cache) if cache is not None else cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(url.encode()).hexdigest()[:16] + "-" + (Path(parsed.path).name or "file")
    path = folder / name
    if not path.exists():
        _fetch(url, folder, path, timeout)
    actual = sha256_of(path)
    if sha256 is not None and actual != sha256.lower():
        path.unlink()
        raise ValueError(f"sha256 mismatch for {url}: expected {sha256}, got {actual}")
    return path, actual


def _fetch(url, folder, path, timeout):
    """Downloads ``url`` to ``path`` whole or not at all (a temporary file, renamed once every
    announced byte has arrived)."""
    try:
        response = urllib.request.urlopen(url, timeout=timeout)
    except urllib.error.HTTPError as error:
        raise OSError(f"cannot download {url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        raise OSError(f"cannot download {url}: {getattr(error, 'reason', error)}") from None
    with (
        response,
        tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as out,
    ):
        partial = Path(out.name)
        try:
            received = 0
            while block := response.read(1 << 20):
                out.write(block)
                received += len(block)
            announced = response.headers.get("Content-Length")
            if announced is not None and received != int(announced):
                raise OSError(
                    f"incomplete download of {url}: {received} of the {announced} bytes the "
                    "server announced; nothing was cached"
                )
        except BaseException as error:
            out.close()
            partial.unlink()
            if isinstance(error, (TimeoutError, ConnectionError, http.client.HTTPException)):
                raise OSError(f"the download of {url} failed: {error!r}") from None
            raise
    partial.replace(path)  # atomic: a reader never sees half a file
