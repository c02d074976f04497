"""STORAGE_BACKEND picks where report PDFs and uploads live; each case runs Django afresh."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_STORAGE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(s.STORAGES['default']))"
)


def _run(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("STORAGE_", "AWS_", "DISCOVERY_"))}
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_STORAGE], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60
    )


def test_storage_is_local_files_by_default(tmp_path):
    result = _run(tmp_path)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_storage_backend_s3_uses_the_bucket_endpoint_and_keys_from_the_environment(tmp_path):
    result = _run(
        tmp_path,
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="discovery-media",
        AWS_S3_ENDPOINT_URL="http://minio:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    storage = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("discovery-media", "http://minio:9000")
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["default_acl"] is None and options["file_overwrite"] is False


def test_storage_backend_s3_without_a_bucket_refuses_to_start(tmp_path):
    result = _run(tmp_path, STORAGE_BACKEND="s3")
    assert result.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_an_unknown_storage_backend_refuses_to_start(tmp_path):
    result = _run(tmp_path, STORAGE_BACKEND="ftp")
    assert result.returncode != 0 and "STORAGE_BACKEND must be local or s3" in result.stderr
