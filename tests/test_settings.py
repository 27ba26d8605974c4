"""Settings chosen from the environment: where uploaded files are stored."""

from __future__ import annotations

import importlib.util
import socket
from types import ModuleType
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage, StorageHandler
from storages.backends.s3 import S3Storage

import coproduce.settings

S3 = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "coproduce-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_S3_REGION_NAME": "eu-west-2",
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
}


@pytest.fixture
def settings_under(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Return ``load(**env)``: the settings module as it reads with that environment."""

    def load(**env: str) -> ModuleType:
        monkeypatch.setenv("DEBUG", "true")
        for name in ("MEDIA_STORAGE", *S3):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("settings_probe", coproduce.settings.__file__)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("no connection may be opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_uploaded_files_are_local_files_by_default(settings_under):
    storage = StorageHandler(settings_under().STORAGES)["default"]
    assert type(storage) is FileSystemStorage


def test_media_storage_s3_selects_the_s3_backend_with_the_bucket_and_endpoint(
    settings_under, no_network
):
    storage = StorageHandler(settings_under(**S3).STORAGES)["default"]
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "coproduce-media"
    assert storage.endpoint_url == "http://127.0.0.1:9000"
    assert storage.file_overwrite is False
    url = storage.url("reports/2026/01/photo.jpg")  # signed here, without a request
    assert url.startswith("http://127.0.0.1:9000/coproduce-media/reports/2026/01/photo.jpg?")
    assert "Signature=" in url


def test_media_storage_s3_without_a_bucket_refuses_to_start(settings_under):
    with pytest.raises(RuntimeError, match="AWS_STORAGE_BUCKET_NAME"):
        settings_under(MEDIA_STORAGE="s3")


def test_an_unknown_media_storage_refuses_to_start(settings_under):
    with pytest.raises(RuntimeError, match="MEDIA_STORAGE must be local or s3"):
        settings_under(MEDIA_STORAGE="ftp")
