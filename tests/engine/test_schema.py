"""The content schema is the one declaration of the format: the engine and FORMAT.md follow it."""

import dataclasses
import json
from pathlib import Path

import pytest

from assessments.engine import content_schema, definitions
from assessments.engine.definitions import CriteriaSet, DefinitionError, Questionnaire

CONTENT = Path(__file__).resolve().parents[2] / "assessments" / "content"
ENGINE_TYPES = {
    "section": definitions.Section,
    "question": definitions.Question,
    "choice": definitions.Choice,
    "criterion": definitions.Criterion,
    "policy_rule": definitions.PolicyRule,
    "golden_case": definitions.GoldenCase,
}


@pytest.mark.parametrize("part", sorted(content_schema.PARTS))
def test_every_schema_field_is_a_field_of_the_engines_dataclass(part):
    fields = {f.name: f for f in dataclasses.fields(ENGINE_TYPES[part])}
    for declared in content_schema.PARTS[part]:
        assert declared.name in fields, f"{part}.{declared.name} is declared but the engine has no such field"
        engine_default = fields[declared.name].default
        if not declared.required and engine_default is not dataclasses.MISSING:
            assert engine_default == declared.default, f"{part}.{declared.name}: the defaults disagree"


@pytest.mark.parametrize("part", sorted(content_schema.PARTS))
def test_format_md_documents_every_declared_field(part):
    text = (CONTENT / "FORMAT.md").read_text()
    for name in content_schema.names(part):
        assert f"`{name}`" in text or f"{{{name}," in text or f", {name}" in text, f"FORMAT.md never names {name}"


def test_shipped_content_round_trips_unchanged_through_the_schema():
    for path in sorted(CONTENT.glob("*.json")):
        document = json.loads(path.read_text())
        kind = Questionnaire if document["kind"] == "questionnaire" else CriteriaSet
        definition = kind.from_dict(document)
        assert kind.from_dict(definition.to_dict()) == definition, path.name


def test_a_field_added_later_is_written_only_when_it_differs_from_its_default():
    criterion = definitions.Criterion("c", "fit", "C", "true")
    assert "next_step_owner" not in content_schema.write("criterion", criterion)
    owned = dataclasses.replace(criterion, next_step_owner="consultancy")
    assert content_schema.write("criterion", owned)["next_step_owner"] == "consultancy"


def test_a_missing_required_field_is_a_definition_error_naming_it():
    document = json.loads((CONTENT / "fine-tuning-criteria.v1.json").read_text())
    del document["criteria"][0]["condition"]
    with pytest.raises(DefinitionError, match="criterion has no 'condition'"):
        CriteriaSet.from_dict(document)


def test_missing_optional_fields_take_their_declared_defaults():
    values = content_schema.read("question", {"slug": "q", "type": "long_text", "prompt": "Why?"})
    assert values == {
        "slug": "q",
        "type": "long_text",
        "prompt": "Why?",
        "help_text": "",
        "required": True,
        "visible_when": "",
        "max_length": content_schema.DEFAULT_MAX_LENGTH,
    }
