"""The ``ingest`` and ``load_corpus`` commands (a contract: see DESIGN.md)."""

import json

import pytest
from django.core.management import CommandError, call_command

from portal.models import Document
from tests.conftest import corpus_file

pytestmark = pytest.mark.django_db


def run_json(capsys, *args):
    call_command("ingest", *args)
    return json.loads(capsys.readouterr().out)


def test_dry_run_json_stores_nothing_and_prints_the_contract_shape(capsys):
    out = run_json(capsys, str(corpus_file("004")), "--dry-run", "--json")
    assert Document.objects.count() == 0
    assert set(out) >= {
        "title",
        "authors",
        "date",
        "type",
        "sections",
        "footnotes",
        "refs",
        "warnings",
    }
    assert out["date"] == "2020-10-27" and out["type"] == "letter"
    section = out["sections"][0]
    assert set(section) >= {"anchor", "heading", "level", "text"}
    assert out["footnotes"][0] == {"label": "1", "text": out["footnotes"][0]["text"]}
    ref = out["refs"][0]
    assert set(ref) == {"footnote", "section", "offset"}
    text = next(s["text"] for s in out["sections"] if s["anchor"] == ref["section"])
    assert text[: ref["offset"]].endswith("capital city, Stepanakert")


def test_several_files_print_a_json_list(capsys):
    out = run_json(capsys, str(corpus_file("002")), str(corpus_file("004")), "--dry-run", "--json")
    assert [d["type"] for d in out] == ["submission", "letter"]


def test_ingest_stores_publishes_and_takes_a_slug():
    call_command("ingest", str(corpus_file("004")), "--slug", "guterres-letter", verbosity=0)
    document = Document.objects.get()
    assert document.slug == "guterres-letter" and document.is_published


def test_a_bad_file_exits_1_with_a_one_line_reason_and_stores_nothing(tmp_path, capsys):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("ingest", str(bad), str(empty), str(corpus_file("004")), verbosity=0)
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith(f"{bad}: ") and "not a document" in err[0]
    assert err[1].startswith(f"{empty}: ") and "empty" in err[1]
    # The good file in the same call is still imported; the bad ones left nothing.
    assert list(Document.objects.values_list("doc_type", flat=True)) == ["letter"]


def test_missing_file_and_format_override(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path / "nope.txt"), verbosity=0)
    assert "No such file" in capsys.readouterr().err
    md = tmp_path / "notes.txt"
    md.write_text("# Title\n\nText with a note.[^1]\n\n[^1]: The note.\n", encoding="utf-8")
    out = run_json(capsys, str(md), "--format", "txt", "--dry-run", "--json")
    assert out["format"] == "txt"


def test_load_corpus_is_idempotent():
    call_command("load_corpus", verbosity=0)
    assert Document.objects.published().count() == 4
    call_command("load_corpus", verbosity=0)
    assert Document.objects.count() == 4


REPORT = "# Annual Report\n\nThe {which} year saw {n} new members join the association.\n"


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_two_files_with_the_same_title_are_two_documents(tmp_path, capsys):
    a = _write(tmp_path / "a.md", REPORT.format(which="first", n=12))
    b = _write(tmp_path / "b.md", REPORT.format(which="second", n=40))
    call_command("ingest", a, b)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("a.md: created “Annual Report” as /d/annual-report/")
    assert out[1].startswith("b.md: created “Annual Report” as /d/annual-report-2/")
    texts = {d.slug: d.sections.get().text for d in Document.objects.all()}
    assert "first" in texts["annual-report"] and "second" in texts["annual-report-2"]


def test_the_same_file_twice_is_unchanged_and_slug_replaces(tmp_path, capsys):
    a = _write(tmp_path / "a.md", REPORT.format(which="first", n=12))
    call_command("ingest", a)
    call_command("ingest", a, a)
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1].split(" ")[0] for line in out] == [
        "created",
        "unchanged",
        "unchanged",
    ]
    b = _write(tmp_path / "b.md", REPORT.format(which="corrected", n=13))
    call_command("ingest", b, "--slug", "annual-report")
    assert "b.md: replaced “Annual Report” as /d/annual-report/" in capsys.readouterr().out
    assert Document.objects.count() == 1
    assert "corrected" in Document.objects.get().sections.get().text


def test_a_corrected_file_of_the_same_name_replaces_only_when_asked(tmp_path, capsys):
    path = tmp_path / "report.md"
    call_command("ingest", _write(path, REPORT.format(which="first", n=12)))
    call_command("ingest", _write(path, REPORT.format(which="first", n=14)))
    out = capsys.readouterr().out
    assert "created “Annual Report” as /d/annual-report-2/" in out
    assert "/d/annual-report/ came from a file of the same name and title" in out
    assert "--replace" in out
    call_command("ingest", _write(path, REPORT.format(which="first", n=15)), "--replace")
    assert "report.md: replaced “Annual Report” as /d/annual-report-2/" in capsys.readouterr().out
    assert Document.objects.count() == 2


def test_json_reports_the_state_of_each_file(tmp_path, capsys):
    a = _write(tmp_path / "a.md", REPORT.format(which="first", n=12))
    call_command("ingest", a, "--json")
    first = json.loads(capsys.readouterr().out)
    call_command("ingest", a, "--json")
    again = json.loads(capsys.readouterr().out)
    assert (first["state"], again["state"]) == ("created", "unchanged")
    assert first["slug"] == again["slug"] == "annual-report"


def test_dry_run_without_json_prints_a_summary(capsys):
    call_command("ingest", str(corpus_file("004")), "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith(f"{corpus_file('004').name}: txt “")
    assert "language en" in out and "(dry run: nothing stored)" in out
    assert Document.objects.count() == 0


def test_a_missing_file_with_json_prints_the_error_and_no_empty_list(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path / "nope.md"), "--dry-run", "--json")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("No such file") == 1


def test_a_small_upload_limit_is_stated_in_bytes(tmp_path, capsys, settings):
    settings.LECTERN_MAX_UPLOAD_BYTES = 1000
    big = _write(tmp_path / "big.md", "# Big\n\n" + "words " * 400)
    with pytest.raises(CommandError):
        call_command("ingest", big)
    err = capsys.readouterr().err
    assert "The file is 2.4 KB, over the 1000 bytes limit" in err


def test_counts_are_pluralised(tmp_path, capsys):
    one = _write(tmp_path / "one.md", "# One\n\nA single paragraph.[^1]\n\n[^1]: Its note.\n")
    call_command("ingest", one)
    assert "(1 section, 1 note, 0 warnings)" in capsys.readouterr().out


def test_format_choices_come_from_the_registry():
    from portal.ingest import all_formats
    from portal.management.commands.ingest import Command

    parser = Command().create_parser("manage.py", "ingest")
    action = next(a for a in parser._actions if a.dest == "format")
    assert list(action.choices) == list(all_formats())


def _abstract(i: int) -> str:
    """A short scientific abstract: one heading, then paragraphs full of numbers."""
    title = f"Effects of dose {i % 150} on recovery"  # 50 titles come twice
    return (
        f"# {title}\n\n"
        f"In 2019, {40 + i} patients (12.{i % 10}%) received 3 doses of {i % 7 + 1}0 mg.\n\n"
        f"After 6 weeks, 2 of {i + 3} groups improved by 1.5 points; p < 0.0{i % 9 + 1}.\n\n"
        f"Table 2 lists 4 outcomes. See also 5 prior trials from 2001 to 2015.\n"
    )


def test_a_folder_of_200_markdown_abstracts_gives_200_documents(tmp_path, capsys):
    paths = [_write(tmp_path / f"abstract-{i:03}.md", _abstract(i)) for i in range(200)]
    call_command("ingest", *paths, verbosity=0)
    assert Document.objects.count() == 200
    titles = sorted(Document.objects.values_list("title", flat=True))
    assert titles == sorted(f"Effects of dose {i % 150} on recovery" for i in range(200))
    assert Document.objects.filter(slug="effects-of-dose-7-on-recovery-2").exists()


def test_the_200_abstracts_parse_without_untitled_documents_or_invented_notes(tmp_path):
    from portal.ingest import parse_bytes

    for i in range(200):
        parsed = parse_bytes(_abstract(i).encode(), name=f"abstract-{i:03}.md")
        assert parsed.title == f"Effects of dose {i % 150} on recovery", i
        assert not parsed.footnotes and not any(s.refs for s in parsed.sections), i
        assert not any(s.text.lstrip().startswith("#") for s in parsed.sections), i


def test_two_files_of_one_name_in_one_replace_run_are_two_documents(tmp_path, capsys):
    a = tmp_path / "a" / "report.md"
    b = tmp_path / "b" / "report.md"
    a.parent.mkdir()
    b.parent.mkdir()
    call_command(
        "ingest",
        _write(a, REPORT.format(which="first", n=1)),
        _write(b, REPORT.format(which="second", n=2)),
        "--replace",
    )
    out = capsys.readouterr().out
    assert out.count(": created “Annual Report”") == 2
    assert Document.objects.count() == 2
