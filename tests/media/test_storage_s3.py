"""Object storage: the S3 configuration, and the whole recording pipeline writing to a bucket.

No network here, so the bucket is moto's in-process S3 (a stand-in for the third-party
service); everything on our side — django-storages, the upload, the ladder publish, the
deletion of the original — runs for real against it.
"""

import boto3
import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from moto import mock_aws

from lampio.config import Env
from lampio.core.storage import media_origins, originals_storage, storages_for
from lampio.media.models import VideoAsset
from lampio.media.services import video_asset_create, video_transcode_run
from lampio.programme.models import Offering
from tests.programme.factories import OfferingFactory
from tests.support.media_files import make_clip

S3_ENV = {
    "debug": True,
    "s3_bucket": "lampio-media",
    "s3_region": "eu-north-1",
    "s3_access_key_id": "test-access-key",
    "s3_secret_access_key": "test-secret-key",
    "s3_custom_domain": "media.lampio.example",
}


def test_without_a_bucket_files_stay_on_the_local_disk(tmp_path):
    result = storages_for(Env(debug=True), var_dir=tmp_path, debug=True)
    assert result["default"]["BACKEND"].endswith("FileSystemStorage")
    assert result["originals"]["OPTIONS"]["location"] == tmp_path / "originals"
    assert media_origins(Env(debug=True)) == []


def test_a_bucket_holds_public_media_and_private_originals(tmp_path):
    env = Env(**S3_ENV)
    result = storages_for(env, var_dir=tmp_path, debug=False)
    media, originals = result["default"], result["originals"]
    assert media["BACKEND"] == originals["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["querystring_auth"] is False
    assert media["OPTIONS"]["custom_domain"] == "media.lampio.example"
    assert originals["OPTIONS"]["querystring_auth"] is True
    assert "custom_domain" not in originals["OPTIONS"]
    assert media_origins(env) == ["https://media.lampio.example"]
    assert media_origins(Env(debug=True, s3_bucket="b", s3_endpoint_url="https://s3.x.fi/")) == [
        "https://s3.x.fi"
    ]


@pytest.mark.django_db(transaction=True)
def test_a_recording_goes_through_the_pipeline_into_the_bucket(tmp_path):
    stores = storages_for(Env(**S3_ENV), var_dir=tmp_path, debug=True)
    with mock_aws(), override_settings(STORAGES=stores):
        s3 = boto3.client("s3", region_name="eu-north-1")
        s3.create_bucket(
            Bucket="lampio-media",
            CreateBucketConfiguration={"LocationConstraint": "eu-north-1"},
        )
        offering = OfferingFactory(kind=Offering.Kind.RECORDING)
        clip = make_clip(tmp_path / "konsertti.mp4", seconds=5)
        asset = video_asset_create(offering=offering, source=clip, filename="konsertti.mp4")
        keys = {o["Key"] for o in s3.list_objects_v2(Bucket="lampio-media")["Contents"]}
        assert keys == {f"originals/{asset.original.name}"}
        signed = originals_storage.url(asset.original.name)
        assert "Signature" in signed or "X-Amz-Signature" in signed, "originals are private"

        video_transcode_run(asset_id=asset.pk)

        asset.refresh_from_db()
        assert asset.status == VideoAsset.Status.READY, asset.error
        keys = {o["Key"] for o in s3.list_objects_v2(Bucket="lampio-media")["Contents"]}
        assert f"media/{asset.playlist}" in keys
        assert f"media/{asset.playlist.rsplit('/', 1)[0]}/360p/index.m3u8" in keys
        assert not any(key.startswith("originals/") for key in keys), "original deleted"
        assert default_storage.url(asset.playlist) == (
            f"https://media.lampio.example/media/{asset.playlist}"
        )
        master = s3.get_object(Bucket="lampio-media", Key=f"media/{asset.playlist}")
        assert b"#EXT-X-STREAM-INF" in master["Body"].read()
