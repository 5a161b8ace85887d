"""Loaders: every format gives the documents a user expects, and no bad input stops a batch."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actorgraph.ingest.loaders import MAX_CHARS_VARIABLE, load_documents, parse_date
from actorgraph.ingest.records import Document, LoadFailure

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "loaders"
FALLBACK_DATE = dt.date(2020, 1, 1)


def load(*paths: str | Path, **options) -> dict[str, Document | LoadFailure]:
    """Everything loaded, by name (names are unique within one call in these tests)."""
    items = list(load_documents(list(paths), **options))
    assert all(isinstance(item, (Document, LoadFailure)) for item in items)
    return {item.name: item for item in items}


def document(item: Document | LoadFailure) -> Document:
    assert isinstance(item, Document), f"expected a document, got {item}"
    return item


def failure(item: Document | LoadFailure) -> LoadFailure:
    assert isinstance(item, LoadFailure), f"expected a failure, got {item!r}"
    assert "\n" not in item.reason and item.reason.strip() == item.reason
    return item


def only(items: dict[str, Document | LoadFailure]) -> Document | LoadFailure:
    assert len(items) == 1, items
    return next(iter(items.values()))


# ---------------------------------------------------------------------------- formats


def test_text_headline_becomes_the_title_and_stays_the_first_paragraph():
    doc = document(only(load(FIXTURES / "article.txt")))
    assert doc.name == "article.txt"
    assert doc.title == "Lithuania summons Belarusian envoy over balloons"
    assert doc.text.startswith("Lithuania summons Belarusian envoy over balloons\n\nLithuania summoned")
    assert doc.text.endswith("a firm response.")
    assert doc.analysed_text() == doc.text  # the headline is not repeated


def test_text_whose_first_line_is_a_sentence_has_no_title():
    doc = document(only(load(FIXTURES / "no-headline.txt")))
    assert doc.title is None
    assert doc.text.startswith("Poland said on Tuesday")


def test_markdown_front_matter_gives_the_metadata_and_syntax_is_stripped():
    doc = document(only(load(FIXTURES / "article.md")))
    assert (doc.title, doc.published, doc.url, doc.source) == (
        "Chile and Argentina sign border accord",
        dt.date(2024, 5, 6),
        "https://example.org/chile-argentina",
        "Example Wire",
    )
    assert doc.text == (
        "Chile and Argentina sign border accord\n\n"
        "Chile and Argentina signed an accord on Monday on the joint management of a glacier region.\n\n"
        "The agreement ends years of talks, officials in Santiago said."
    )


def test_markdown_first_heading_is_the_title_without_front_matter():
    doc = document(only(load(FIXTURES / "heading-title.md")))
    assert doc.title == "Ghana and Togo hold security talks"
    assert "in Lomé on Friday, according to a statement." in doc.text
    assert not any(mark in doc.text for mark in ("#", "`", "](", "[statement"))


def test_markdown_with_broken_front_matter_is_a_failure(tmp_path: Path):
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\n\nBody text.\n")
    assert "front matter is not valid YAML" in failure(only(load(tmp_path / "bad.md"))).reason


def test_html_gives_the_main_text_and_metadata_but_not_menus_banners_or_footers():
    doc = document(only(load(FIXTURES / "article.html")))
    assert doc.title == "Norway pledges coastal patrol vessels to Estonia"
    assert (doc.url, doc.published, doc.source) == (
        "https://example.org/world/norway-estonia-vessels",
        dt.date(2024, 3, 12),
        "Example Herald",
    )
    assert "Norway will give Estonia two coastal patrol vessels" in doc.text
    assert doc.text.endswith("officials in Tallinn said.")
    for junk in ("Home", "Business", "We use cookies", "Markets close higher", "Copyright", "Terms of use"):
        assert junk not in doc.text
    assert "\n\n" in doc.text and "\n\n\n" not in doc.text  # paragraphs one blank line apart


def test_html_page_with_only_menus_is_a_failure_not_menu_text():
    assert failure(only(load(FIXTURES / "menu-only.html"))).reason == "no article text found"


def test_json_list_gives_numbered_documents_with_alternative_field_names():
    items = load(FIXTURES / "articles.json")
    assert list(items) == ["articles.json#1", "articles.json#2"]
    first, second = document(items["articles.json#1"]), document(items["articles.json#2"])
    assert (first.title, first.url, first.published, first.source) == (
        "Kenya deploys police to Haiti",
        "https://example.org/kenya-haiti",
        dt.date(2024, 6, 25),
        "Example Wire",
    )
    assert second.text == "Brazil hosted ministers from forty countries in Belém."  # from "content"
    assert second.published == dt.date(2024, 6, 26)  # RFC 2822 in "date"
    assert second.source == "Example Daily"  # {"name": …}


def test_json_single_object_is_named_after_the_file_and_keys_ignore_case():
    doc = document(only(load(FIXTURES / "single.json")))
    assert doc.name == "single.json"
    assert doc.title == "Japan and the Philippines sign defence pact"
    assert doc.text.startswith("Japan and the Philippines signed")  # from "Body"
    assert doc.published == dt.date(2024, 7, 8)


def test_json_wrapper_object_with_an_articles_list(tmp_path: Path):
    records = {"status": "ok", "articles": [{"title": "A", "content": "First."}, {"title": "B", "content": "Second."}]}
    (tmp_path / "api.json").write_text(json.dumps(records))
    assert [doc.text for doc in load(tmp_path / "api.json").values()] == ["First.", "Second."]


def test_jsonl_bad_lines_are_reported_by_name_while_the_others_load():
    items = load(FIXTURES / "articles.jsonl", published=FALLBACK_DATE)
    assert sorted(name for name, item in items.items() if isinstance(item, Document)) == [
        "articles.jsonl#1", "articles.jsonl#2", "articles.jsonl#5",
    ]  # fmt: skip
    assert "not valid JSON" in failure(items["articles.jsonl#4"]).reason
    assert failure(items["articles.jsonl#6"]).reason == "expected an object with a text field, found a list"
    assert "no text" in failure(items["articles.jsonl#7"]).reason
    assert "articles.jsonl#3" not in items  # a blank line is no record
    assert document(items["articles.jsonl#2"]).text == "Qatar sent a delegation to Cairo."  # from "body"
    assert document(items["articles.jsonl#5"]).published == FALLBACK_DATE  # "not a date"


def test_csv_rows_become_documents_with_case_insensitive_headers():
    items = load(FIXTURES / "articles.csv")
    assert list(items) == ["articles.csv#1", "articles.csv#2", "articles.csv#3"]
    first = document(items["articles.csv#1"])
    assert (first.title, first.published, first.url, first.source) == (
        "Mongolia hosts Putin", dt.date(2024, 9, 3), "https://example.org/mongolia", "Example Wire",
    )  # fmt: skip
    assert document(items["articles.csv#2"]).text == 'A row with a "quoted" word,\nand a line break inside the field.'
    assert failure(items["articles.csv#3"]).reason == "empty"


def test_rss_entries_become_documents():
    items = load(FIXTURES / "feed.rss", published=FALLBACK_DATE)
    first, second = document(items["feed.rss#1"]), document(items["feed.rss#2"])
    assert first.title == "Finland closes border crossings"
    assert first.url == "https://example.org/finland-border"
    assert first.source == "Example Wire: World"
    assert first.published == dt.date(2023, 11, 16)  # the date as written, not shifted to UTC
    assert first.text == (
        "Finland said it would close four crossing points on its border with Russia.\n\n"
        "Helsinki accused Moscow of sending migrants to the border."
    )
    assert second.published == FALLBACK_DATE  # "not a date at all"
    assert failure(items["feed.rss#3"]).reason == "empty"


def test_atom_entry_content_becomes_text():
    doc = document(only(load(FIXTURES / "feed.atom")))
    assert doc.name == "feed.atom#1"
    assert (doc.title, doc.published, doc.source) == (
        "Taiwan holds presidential election",
        dt.date(2024, 1, 13),
        "Example Atom Desk",
    )
    assert (
        doc.text
        == "Voters in Taiwan elected a new president on Saturday.\n\nChina said the result would not change its position."
    )


# ---------------------------------------------------------------------------- content sniffing


@pytest.mark.parametrize("name", ["news.html", "news.txt", "news.feed", "news"])
def test_a_feed_is_read_as_a_feed_whatever_its_extension(tmp_path: Path, name: str):
    (tmp_path / name).write_bytes((FIXTURES / "feed.rss").read_bytes())
    assert document(load(tmp_path / name)[f"{name}#1"]).title == "Finland closes border crossings"


@pytest.mark.parametrize("name", ["page.txt", "page.md", "page"])
def test_an_html_page_is_read_as_html_whatever_its_extension(tmp_path: Path, name: str):
    (tmp_path / name).write_bytes((FIXTURES / "article.html").read_bytes())
    doc = document(only(load(tmp_path / name)))
    assert doc.source == "Example Herald" and "<p>" not in doc.text and "Home" not in doc.text


def test_json_lines_saved_as_json_and_a_json_array_saved_as_jsonl(tmp_path: Path):
    (tmp_path / "lines.json").write_text('{"text": "one"}\n{"text": "two"}\n')
    (tmp_path / "array.jsonl").write_text('[{"text": "three"}, {"text": "four"}]')
    texts = {name: doc.text for name, doc in load(tmp_path).items()}
    assert texts == {"array.jsonl#1": "three", "array.jsonl#2": "four", "lines.json#1": "one", "lines.json#2": "two"}


def test_unknown_extension_loads_text_and_refuses_binary(tmp_path: Path):
    (tmp_path / "notes").write_text("A plain note about the talks.")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    items = load(tmp_path)
    assert document(items["notes"]).text == "A plain note about the talks."
    assert failure(items["photo.jpg"]).reason == "not a text document (binary)"


def test_a_text_file_full_of_control_characters_is_binary(tmp_path: Path):
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 9)) * 200 + b"some text")
    assert failure(only(load(tmp_path / "noise.txt"))).reason == "not a text document (binary)"


# ---------------------------------------------------------------------------- folders and paths


def test_folders_are_read_recursively_in_name_order_skipping_hidden_files(tmp_path: Path):
    for relative in ["b.txt", "a/z.txt", "a/c/d.txt", "C.txt", ".hidden.txt", ".git/config.txt", "a/.cache/x.txt"]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(f"Text of {relative}.")
    assert list(load(tmp_path)) == ["C.txt", "a/c/d.txt", "a/z.txt", "b.txt"]


def test_a_folder_s_readme_and_licence_are_not_articles_unless_named(tmp_path: Path):
    for name in ["README.md", "LICENSE", "readme.txt", "article.md", "Licensed-trade.txt"]:
        (tmp_path / name).write_text(f"# {name}\n\nSome text.")
    assert list(load(tmp_path)) == ["Licensed-trade.txt", "article.md"]
    assert document(only(load(tmp_path / "README.md"))).title == "README.md"


def test_a_hidden_file_named_explicitly_is_loaded(tmp_path: Path):
    (tmp_path / ".note.txt").write_text("Explicitly named.")
    assert document(only(load(tmp_path / ".note.txt"))).text == "Explicitly named."


def test_the_fixture_folder_loads_in_a_stable_order():
    names = [item.name for item in load_documents([FIXTURES])]
    assert names == [item.name for item in load_documents([FIXTURES])]
    assert names[0] == "article.html" and names[-1] == "single.json"


def test_a_missing_path_is_a_failure_and_the_batch_goes_on(tmp_path: Path):
    (tmp_path / "real.txt").write_text("Real text.")
    items = load(tmp_path / "missing.txt", tmp_path / "real.txt")
    assert failure(items[str(tmp_path / "missing.txt")]).reason == "no such file or folder"
    assert document(items["real.txt"]).text == "Real text."


def test_symbolic_link_loops_are_reported_and_skipped(tmp_path: Path):
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "a.txt").write_text("Inside.")
    (tmp_path / "inner" / "up").symlink_to(tmp_path)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    items = load(tmp_path)
    assert document(items["inner/a.txt"]).text == "Inside."
    assert "symbolic link loop" in failure(items["inner/up"]).reason
    assert failure(items["self"]).reason == "symbolic link loop"
    assert len(items) == 3


def test_a_broken_symbolic_link_is_a_failure(tmp_path: Path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert failure(only(load(tmp_path))).reason == "broken symbolic link"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_a_failure(tmp_path: Path):
    (tmp_path / "secret.txt").write_text("Hidden away.")
    (tmp_path / "secret.txt").chmod(0)
    try:
        assert failure(only(load(tmp_path))).reason == "permission denied"
    finally:
        (tmp_path / "secret.txt").chmod(0o644)


def test_an_unreadable_file_is_a_failure_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Runs as root too, where chmod 000 blocks nothing: the OS refusal is simulated.
    (tmp_path / "a.txt").write_text("Readable.")
    (tmp_path / "secret.txt").write_text("Hidden away.")

    def refusing_open(file, *args, **kwargs):
        if Path(file).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr("actorgraph.ingest.loaders.open", refusing_open, raising=False)
    items = load(tmp_path)
    assert failure(items["secret.txt"]).reason == "permission denied"
    assert document(items["a.txt"]).text == "Readable."


def test_an_unlistable_folder_is_a_failure_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "open.txt").write_text("Open.")
    real_listdir = os.listdir

    def refusing_listdir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr("actorgraph.ingest.loaders.os.listdir", refusing_listdir)
    items = load(tmp_path)
    assert failure(items["locked"]).reason == "cannot list the folder: permission denied"
    assert document(items["open.txt"]).text == "Open."


# ---------------------------------------------------------------------------- standard input


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"title": "T", "text": "From JSON."}', {"stdin": "From JSON."}),
        ('{"text": "One."}\n{"text": "Two."}\n', {"stdin#1": "One.", "stdin#2": "Two."}),
        ((FIXTURES / "feed.atom").read_text(), {"stdin#1": "Voters in Taiwan elected a new president on Saturday.\n\n"
                                                "China said the result would not change its position."}),
        ("<html><body><article><p>Seoul protested against the launch on Friday.</p></article></body></html>",
         {"stdin": "Seoul protested against the launch on Friday."}),
        ("Plain words on a pipe.", {"stdin": "Plain words on a pipe."}),
    ],
    ids=["json", "jsonl", "atom", "html", "text"],
)  # fmt: skip
def test_stdin_format_is_sniffed_from_its_content(content: str, expected: dict[str, str]):
    items = load("-", stdin=io.StringIO(content))
    assert {name: document(item).text for name, item in items.items()} == expected


def test_stdin_bytes_and_the_process_stdin(monkeypatch: pytest.MonkeyPatch):
    assert failure(only(load("-", stdin=io.BytesIO(b"\x00\x01binary")))).reason == "not a text document (binary)"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Piped “text”.".encode())))
    assert document(only(load("-"))).text == "Piped “text”."


# ---------------------------------------------------------------------------- encodings and normalisation


def test_cp1252_text_with_smart_quotes_is_decoded(tmp_path: Path):
    text = "The minister called the offer “unacceptable” – and left Zürich early."
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    assert document(only(load(tmp_path / "legacy.txt"))).text == text


def test_cyrillic_in_a_legacy_encoding_is_detected(tmp_path: Path):
    text = "Министр иностранных дел заявил, что переговоры прошли конструктивно и будут продолжены."
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1251"))
    assert document(only(load(tmp_path / "legacy.txt"))).text == text


def test_a_cp1252_line_in_a_jsonl_file_is_decoded(tmp_path: Path):
    (tmp_path / "mixed.jsonl").write_bytes(b'{"text": "Plain."}\n' + '{"text": "“Quoted”."}\n'.encode("cp1252"))
    assert [doc.text for doc in load(tmp_path).values()] == ["Plain.", "“Quoted”."]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_are_honoured(tmp_path: Path, encoding: str):
    (tmp_path / "bom.txt").write_bytes("Seoul said “no”.".encode(encoding))
    assert document(only(load(tmp_path / "bom.txt"))).text == "Seoul said “no”."


def test_newlines_are_normalised_and_text_is_nfc(tmp_path: Path):
    (tmp_path / "mixed.txt").write_bytes("Cafe\u0301 talks\r\n\r\nSecond\rthird\n".encode())
    doc = document(only(load(tmp_path / "mixed.txt")))
    assert doc.text == "Café talks\n\nSecond\nthird"
    assert doc.title == "Café talks"


# ---------------------------------------------------------------------------- empty and too big


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \r\n"])
@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.json", "empty.jsonl", "empty.csv"])
def test_empty_documents_are_failures(tmp_path: Path, name: str, content: bytes):
    (tmp_path / name).write_bytes(content)
    assert failure(only(load(tmp_path / name))).reason.startswith(("empty", "no article text found"))


def test_an_empty_json_list_is_empty(tmp_path: Path):
    (tmp_path / "none.json").write_text("[]")
    assert failure(only(load(tmp_path / "none.json"))).reason == "empty"


def test_a_document_over_the_limit_is_refused_naming_the_limit(tmp_path: Path):
    (tmp_path / "long.txt").write_text("word " * 700)
    (tmp_path / "long.jsonl").write_text(json.dumps({"text": "word " * 700}) + "\n" + json.dumps({"text": "Short."}))
    items = load(tmp_path, max_chars=1000)
    assert failure(items["long.txt"]).reason == f"3,499 characters, over the 1,000 limit ({MAX_CHARS_VARIABLE})"
    assert failure(items["long.jsonl#1"]).reason == f"3,499 characters, over the 1,000 limit ({MAX_CHARS_VARIABLE})"
    assert document(items["long.jsonl#2"]).text == "Short."


class CountingReads:
    """Wraps ``open`` to count the bytes the loader reads."""

    def __init__(self) -> None:
        self.total = 0

    def open(self, file, mode="r", *args, **kwargs):
        handle = builtins.open(file, mode, *args, **kwargs)
        counter = self

        class Counted(io.BufferedReader):
            def read(self, size=-1):
                data = handle.read(size)
                counter.total += len(data)
                return data

            def readline(self, size=-1):
                data = handle.readline(size)
                counter.total += len(data)
                return data

        return Counted(handle.raw)


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.write(b"Real text at the start of a huge file. " * 2000)  # text beyond the sniffed head
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk used
    reads = CountingReads()
    monkeypatch.setattr("actorgraph.ingest.loaders.open", reads.open, raising=False)
    reason = failure(only(load(big))).reason
    assert reason == f"209,715,200 bytes, too big for the 2,000,000-character limit ({MAX_CHARS_VARIABLE}); not read"
    assert reads.total <= 1024 * 1024


def test_an_over_long_jsonl_line_is_skipped_without_being_held_and_the_rest_loads(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "Before."}\n' + json.dumps({"text": "x" * 50_000}) + '\n{"text": "After."}\n')
    items = load(path, max_chars=1000)
    assert "too big for the 1,000-character limit" in failure(items["big.jsonl#2"]).reason
    assert [items["big.jsonl#1"].text, items["big.jsonl#3"].text] == ["Before.", "After."]


# ---------------------------------------------------------------------------- malformed and hostile input


def test_deeply_nested_json_is_a_failure_not_a_crash(tmp_path: Path):
    depth = 100_000
    (tmp_path / "deep.json").write_text("[" * depth + "]" * depth)
    (tmp_path / "deep.jsonl").write_text('{"text": "Fine."}\n' + '{"a":' * depth + "1" + "}" * depth + "\n")
    (tmp_path / "deep.md").write_text("---\ntitle: " + "[" * depth + "\n---\n\nBody.\n")
    items = load(tmp_path)
    assert failure(items["deep.json"]).reason == "JSON nested too deeply to read"
    assert failure(items["deep.jsonl#2"]).reason == "JSON nested too deeply to read"
    assert document(items["deep.jsonl#1"]).text == "Fine."
    assert "front matter" in failure(items["deep.md"]).reason


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 100_000 + "Deep text.",
        "<html><body><p>Unclosed <b>bold <table><tr><td>cell</div></span></html>",
        "<<<>>><p <p <p>>>",
        "<html><body><script>var x = '<p>not text</p>';</script></body></html>",
    ],
    ids=["deep", "unclosed", "garbage", "script-only"],
)
def test_malformed_html_gives_a_document_or_one_clear_failure(tmp_path: Path, html: str):
    (tmp_path / "page.html").write_text(html)
    item = only(load(tmp_path / "page.html"))
    if isinstance(item, LoadFailure):
        assert failure(item).reason.startswith("no article text found")
    else:
        assert "<" not in document(item).text.replace("<<", "")


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        ('title,text\n"A","unclosed quote\nrunning on\n', "malformed CSV"),
        ('title,text\n"A" stray,"B"\n', "malformed CSV"),
        ("name,comment\nA,B\n", "no text column in the CSV header"),
    ],
)
def test_malformed_csv_is_a_failure(tmp_path: Path, csv_text: str, expected: str):
    (tmp_path / "rows.csv").write_text(csv_text)
    assert expected in failure(only(load(tmp_path / "rows.csv"))).reason


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("this is not xml at all", "not a readable RSS or Atom feed"),
        ("<rss>" + "<a>" * 50_000, "not a readable RSS or Atom feed"),
        ('<?xml version="1.0"?><catalogue><book>1</book></catalogue>', "not an RSS or Atom feed"),
        ('<rss version="2.0"><channel><title>Empty</title></channel></rss>', "the feed has no entries"),
    ],
    ids=["garbage", "deep", "other-xml", "no-entries"],
)
def test_malformed_feeds_are_failures(tmp_path: Path, xml: str, expected: str):
    (tmp_path / "feed.xml").write_text(xml)
    assert failure(only(load(tmp_path / "feed.xml"))).reason.startswith(expected)


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path):
    # JSON may escape half a UTF-16 pair; such a string cannot be encoded by spaCy or the store
    (tmp_path / "half.jsonl").write_text('{"title": "Kyiv \\ud83c", "text": "Russia \\udcff attacked Ukraine."}\n')
    doc = document(only(load(tmp_path / "half.jsonl")))
    assert (doc.title, doc.text) == ("Kyiv \ufffd", "Russia \ufffd attacked Ukraine.")
    doc.text.encode("utf-8")


def test_a_truncated_feed_still_gives_its_complete_entries(tmp_path: Path):
    (tmp_path / "cut.rss").write_text(
        "<rss><channel><title>W</title><item><title>A</title><description>Body A.</description></item><item><ti"
    )
    assert document(load(tmp_path / "cut.rss")["cut.rss#1"]).text == "Body A."


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)),
    suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".rss", ".bin", ""]),
)
def test_no_input_makes_the_loader_raise(content: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        for item in load_documents([path]):
            assert isinstance(item, (Document, LoadFailure))
            if isinstance(item, LoadFailure):
                failure(item)


# ---------------------------------------------------------------------------- dates


def test_documents_without_a_date_get_the_published_argument():
    assert document(only(load(FIXTURES / "article.txt", published=FALLBACK_DATE))).published == FALLBACK_DATE
    assert document(only(load(FIXTURES / "single.json", published=FALLBACK_DATE))).published == dt.date(2024, 7, 8)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-18", dt.date(2024, 11, 18)),
        ("2024-11-18T23:30:00-05:00", dt.date(2024, 11, 18)),
        ("2024-11-18T04:00:00Z", dt.date(2024, 11, 18)),
        ("Mon, 18 Nov 2024 23:30:00 -0500", dt.date(2024, 11, 18)),
        ("18 November 2024", dt.date(2024, 11, 18)),
        ("November 2024", dt.date(2024, 11, 1)),
        (dt.date(2024, 11, 18), dt.date(2024, 11, 18)),
        (1731888000, dt.date(2024, 11, 18)),
        ("18 November", None),  # no year: not a date
        ("2024-13-45", None),
        ("0000-00-00", None),
        ("yesterday", None),
        ("9" * 40, None),
        ("", None),
        (None, None),
        (["2024-11-18"], None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None):
    assert parse_date(value) == expected


def test_every_loader_output_is_a_document_or_failure_record(tmp_path: Path):
    def everything() -> Iterator[Document | LoadFailure]:
        yield from load_documents([FIXTURES, tmp_path / "missing", "-"], stdin=io.StringIO(""))

    items = list(everything())
    assert all(isinstance(item, (Document, LoadFailure)) for item in items)
    assert str(items[-1]) == "stdin: empty"
