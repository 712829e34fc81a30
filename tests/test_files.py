"""Files written whole or not at all."""

import os

import pytest

from gan_tutorial.files import write_atomically


def test_a_failed_write_leaves_the_old_file_whole_and_nothing_else(tmp_path):
    path = tmp_path / "results.json"
    write_atomically(path, lambda file: file.write(b"old"))

    def half_then_fail(file):
        file.write(b"ne")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, half_then_fail)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no temporary file left
    write_atomically(path, lambda file: file.write(b"new"))
    assert path.read_bytes() == b"new"


def test_a_new_file_gets_the_permissions_of_the_umask(tmp_path):
    umask = os.umask(0o027)
    try:
        path = write_atomically(tmp_path / "sub" / "a.npz", lambda file: file.write(b"x"))
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o640
