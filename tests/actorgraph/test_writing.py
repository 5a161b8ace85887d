"""Files written for an analyst: whole or not at all, never inside the store, no runnable CSV cells."""

from __future__ import annotations

import csv
import errno
import io
import os
from pathlib import Path

import pytest

from actorgraph.writing import OutputError, atomic_output, refuse_inside, spreadsheet_safe, write_csv


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_new_content_replaces_the_old_whole(tmp_path: Path) -> None:
    target = tmp_path / "view.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    with atomic_output(target) as handle:
        handle.write("new\n")
        assert target.read_text() == "old\n"  # nothing visible until it is whole
    assert target.read_text() == "new\n" and oct(target.stat().st_mode & 0o777) == "0o640"
    assert leftovers(tmp_path) == []


def test_a_write_that_fails_part_way_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "view.graphml"
    target.write_bytes(b"old content")
    with pytest.raises(OutputError, match=f"cannot write {target}: No space left on device"), atomic_output(target, True) as out:
        out.write(b"half of it")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert target.read_bytes() == b"old content" and leftovers(tmp_path) == []


def test_an_error_of_the_writer_itself_also_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "view.json"
    target.write_text("old")
    with pytest.raises(KeyError), atomic_output(target) as handle:
        handle.write("partial")
        raise KeyError("a bug")
    assert target.read_text() == "old" and leftovers(tmp_path) == []


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with atomic_output(link) as handle:
        handle.write("new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_full_device_is_one_line(tmp_path: Path) -> None:
    with (
        pytest.raises(OutputError, match=r"^cannot write /dev/full: No space left on device$"),
        atomic_output("/dev/full") as out,
    ):
        out.write("x" * 100_000)
    assert Path("/dev/full").is_char_device()


def test_a_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="it is a folder"), atomic_output(tmp_path) as handle:
        handle.write("x")


def test_targets_inside_a_folder_are_refused_through_links(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (tmp_path / "alias").symlink_to(store)
    (tmp_path / "db-link").symlink_to(store / "actorgraph.lbdb")
    for target in (
        store / "actorgraph.lbdb",
        store,
        tmp_path / "alias" / "x.csv",
        tmp_path / "db-link",
        store / ".." / "store" / "x",
    ):
        with pytest.raises(OutputError, match="inside the store"):
            refuse_inside(target, store, "the store")
    refuse_inside(tmp_path / "store-export.csv", store, "the store")  # a sibling whose name starts alike is fine


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-4.4", "-4.4"),
        ("+1e5", "+1e5"),
        ("Kyiv = capital", "Kyiv = capital"),
        ("", ""),
    ],
)
def test_formula_cells_are_made_inert(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written
    buffer = io.StringIO()
    write_csv(buffer, [cell], [[cell, 3, -4.4]])
    header, row = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert header == [written] and row == [written, "3", "-4.4"]
