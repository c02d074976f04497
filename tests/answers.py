"""Answer sets shared by engine, report and view tests."""

# A client for whom fine-tuning is right today: the persona every test varies.
READY_CLIENT = {
    "use_case_summary": "Draft replies to customer emails in our brand voice.",
    "goals": ["style_voice"],
    "request_volume": "medium",
    "consistency_need": "high",
    "prompting_tried": "systematic",
    "prompting_outcome": "inconsistent",
    "rag_tried": "no",
    "base_model_fit": "partially",
    "curated_examples": "100_to_1000",
    "examples_reviewed": True,
    "training_data_rights": True,
    "evaluation_method": "defined_metrics",
    "baseline_measured": True,
    "migration_owner": True,
    "target_timeline": "1_to_3_months",
}
