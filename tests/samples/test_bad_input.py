"""Files that can't be analysed are refused with one clear sentence; damaged lines inside a
readable file are counted, never fatal."""

import io
import json
import zipfile

import pytest

from assessments.samples import Limits, UnreadableSample, analyse
from tests.samples.files import openai_chat, write_jsonl


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "sample.jsonl", "the file is empty"),
        (b"\n \n", "sample.jsonl", "the file is empty"),
        (b"\x00\x01\x02binary", "sample.jsonl", "binary, not text"),
        (b"\xff\xfe{\x00}\x00", "sample.jsonl", "UTF-16"),
        (b"%PDF-1.7", "sample.jsonl", "a PDF document"),
        (b'[\n  {"prompt": "a"}\n]\n', "sample.json", "pretty-printed JSON"),
        (b"prompt,completion\nHi,Hello\n", "sample.jsonl", "named .jsonl but isn't JSON Lines"),
        (b'{"prompt": "a", "completion": "b"}\n', "sample.csv", "rename it to .jsonl"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableSample, match=message):
        analyse(path)


def test_a_zip_archive_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.jsonl", json.dumps(openai_chat("a", "b")))
    path = tmp_path / "sample.jsonl"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(UnreadableSample, match="zip archive"):
        analyse(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(UnreadableSample, match="can't be opened"):
        analyse(tmp_path / "nowhere.jsonl")


def test_invalid_utf8_lines_are_counted(tmp_path):
    path = write_jsonl(tmp_path / "sample.jsonl", [openai_chat("a", "b")])
    with open(path, "ab") as handle:
        handle.write(b'{"prompt": "caf\xe9", "completion": "x"}\n')
    result = analyse(path)
    assert result.valid_examples == 1 and result.errors["invalid_utf8"].lines == [2]


def test_a_10_mb_single_line_is_skipped_unread(tmp_path):
    path = tmp_path / "sample.jsonl"
    with open(path, "w") as handle:
        handle.write(json.dumps({"prompt": "x" * 10_000_000, "completion": "y"}) + "\n")
        handle.write(json.dumps({"prompt": "short", "completion": "fine"}) + "\n")
    result = analyse(path)
    assert (result.lines, result.valid_examples) == (2, 1)
    assert result.errors["line_too_long"].lines == [1]


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path):
    nested = '{"prompt": ' + "[" * 100_000 + "]" * 100_000 + ', "completion": "x"}'
    result = analyse(write_jsonl(tmp_path / "sample.jsonl", [openai_chat("a", "b"), nested]))
    assert result.errors["too_deeply_nested"].lines == [2]


def test_more_lines_than_the_limit_are_refused(tmp_path):
    path = write_jsonl(tmp_path / "sample.jsonl", [openai_chat("a", "b")] * 5)
    with pytest.raises(UnreadableSample, match="more than 4 lines"):
        analyse(path, limits=Limits(max_lines=4))


def test_a_million_line_file_is_refused_in_seconds_before_any_line_is_analysed(tmp_path, monkeypatch):
    import time

    from assessments.samples import analysis

    line = (json.dumps(openai_chat("Where is my parcel?", "It left the depot this morning.")) + "\n").encode()
    path = tmp_path / "big.jsonl"
    path.write_bytes(line * 1_000_000)
    analysed = []
    monkeypatch.setattr(analysis, "_check", lambda *a: analysed.append(1) or (None, {"parse_error"}))
    started = time.process_time()
    with pytest.raises(UnreadableSample, match="more than 200,000 lines"):
        analyse(path, limits=Limits(max_lines=200_000))
    assert time.process_time() - started < 5
    assert analysed == []


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = write_jsonl(tmp_path / "sample.jsonl", [openai_chat("a", "b")] * 50)
    with pytest.raises(UnreadableSample, match="the limit is"):
        analyse(path, limits=Limits(max_bytes=1000))


def test_an_error_stopping_the_pass_names_the_first_line_of_the_batch_it_was_measuring(tmp_path, monkeypatch):
    from assessments.samples import analysis

    class Stop(Exception):
        pass

    def stop_on_fourth(examples, parts, name="o200k_base"):
        if any(texts[-1] == "stop" for texts in examples):
            raise Stop
        return [1] * len(examples), [0] * len(examples)

    monkeypatch.setattr(analysis, "BATCH_EXAMPLES", 2)  # lines 1-2, then 3-4: the stop comes in the second
    monkeypatch.setattr(analysis, "count_tokens_with_parts", stop_on_fourth)
    records = [openai_chat("a", "b"), openai_chat("c", "d"), openai_chat("e", "f"), openai_chat("g", "stop")]
    path = write_jsonl(tmp_path / "s.jsonl", [*records, openai_chat("h", "i")])
    with pytest.raises(Stop) as stopped:
        analyse(path)
    assert stopped.value.analysed_line == 3


def test_an_unreadable_training_file_to_check_against_is_named(tmp_path):
    evals = write_jsonl(tmp_path / "evals.jsonl", [{"input": "a", "ideal": "b"}])
    (tmp_path / "train.jsonl").write_bytes(b"")
    with pytest.raises(UnreadableSample, match="training file to check against can't be read: the file is empty"):
        analyse(evals, kind="eval", against=tmp_path / "train.jsonl")
