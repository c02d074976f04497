"""CSV samples: mapped columns, common header names, and rows that don't fit the header."""

import pytest

from assessments.samples import UnreadableSample, analyse


def write(tmp_path, text, name="sample.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_columns_are_mapped_by_the_given_names(tmp_path):
    path = write(tmp_path, 'id,question,reply\n1,Where is it?,"On its way,\nsoon"\n2,Refund?,Yes\n')
    result = analyse(path, columns="input=question,output=reply")
    assert (result.format, result.lines, result.valid_examples, result.errors) == ("csv", 4, 2, {})


def test_common_header_names_need_no_mapping(tmp_path):
    result = analyse(write(tmp_path, "prompt,completion\nHi,Hello\n"))
    assert result.valid_examples == 1


def test_rows_with_a_different_column_count_or_no_text_are_errors(tmp_path):
    result = analyse(write(tmp_path, "input,output\nHi,Hello\nonly one\n,empty input\nHi,Hello,extra\n"))
    assert result.errors["wrong_column_count"].lines == [3, 5]
    assert result.errors["empty_content"].lines == [4]


def test_an_eval_csv_counts_cases_with_an_expected_value(tmp_path):
    path = write(tmp_path, "question,__expected\n2+2?,4\n3+3?,\n")
    result = analyse(path, kind="eval")
    assert (result.valid_examples, result.cases_with_expected) == (2, 1)
    assert result.errors["no_expected"].lines == [3]


def test_a_csv_without_a_header_is_refused_without_echoing_its_first_row(tmp_path):
    path = write(tmp_path, "My card is 4111 1111 1111 1111 and my question is long,Sure\n")
    with pytest.raises(UnreadableSample, match="no input column") as refused:
        analyse(path)
    assert "4111" not in str(refused.value)


def test_an_unmapped_column_is_refused_naming_the_header(tmp_path):
    with pytest.raises(UnreadableSample, match=r"output column 'answer' is not in the header \(columns: 'q', 'a'\)"):
        analyse(write(tmp_path, "q,a\nHi,Hello\n"), columns="input=q,output=answer")


def test_a_malformed_mapping_is_refused(tmp_path):
    with pytest.raises(UnreadableSample, match="bad column mapping"):
        analyse(write(tmp_path, "q,a\nHi,Hello\n"), columns="question")
