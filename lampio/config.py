"""The one typed settings object, read from the environment (and an optional `.env` file).

Every variable is documented in `.env.example`. Settings modules read `ENV`, nothing else
reads `os.environ`.
"""

from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """Raised at start-up when production settings are missing."""


class Env(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=BASE_DIR / ".env", env_file_encoding="utf-8", extra="ignore"
    )

    debug: bool = False
    secret_key: SecretStr | None = None
    allowed_hosts: str = ""
    csrf_trusted_origins: str = ""
    var_dir: Path = BASE_DIR / "var"
    database_url: str | None = None
    # PostgreSQL connections each process may hold (the web server and the worker have one
    # pool each).
    database_pool_size: int = 20
    redis_url: str | None = None
    site_url: str = "http://127.0.0.1:8000"
    default_from_email: str = "Lämpiö <noreply@lampio.example>"
    support_email: str = "apua@lampio.example"
    # Same-day help by phone, shown on the help page and beside every player. The hours are
    # written as people read them, e.g. "ma–pe 9–16" (the page adds nothing to it).
    support_phone: str = "09 123 4567"
    support_hours: str = "ma–pe 9–16"
    # The payment service for topping up balances: "local" is the built-in test provider (fake
    # cards; the default only with DEBUG). Empty in production: top-ups are off until a real
    # provider is configured.
    payment_provider: str = ""
    # The platform's share of each ticket's price without VAT, in 1/100 % (500 = 5 %). Taken
    # in the ledger at purchase and shown in the producers' statements.
    # Paytrail (PAYMENT_PROVIDER=paytrail): the merchant id and secret from Paytrail's
    # merchant panel; the API address only changes for a test double.
    paytrail_account: str = ""
    paytrail_secret: SecretStr | None = None
    paytrail_api_url: str = "https://services.paytrail.com"
    # Text messages for reminders: "outbox" keeps them in the database for the admin to read
    # (the default only with DEBUG); "elisa" sends them through Elisa Dialogi. Empty in
    # production: reminders go by email only.
    sms_provider: str = ""
    elisa_dialogi_api_key: SecretStr | None = None
    elisa_dialogi_api_url: str = "https://viestipalvelu-api.elisa.fi/api/v1/"
    # The sender people see: up to 11 letters and digits, or a phone number.
    sms_sender: str = "Lampio"
    platform_fee_basis_points: int = Field(default=0, ge=0, le=5000)
    # Without EMAIL_HOST, mail is written to files in var/outbox for the developer to read.
    email_host: str | None = None
    email_port: int = 587
    email_host_user: str = ""
    email_host_password: SecretStr = SecretStr("")
    email_use_tls: bool = True
    serve_media: bool | None = None
    page_cache_seconds: int = 60
    # Requests to the open data API (/api/v1/) per client address: "600/m", "10000/h".
    api_rate_limit: str = Field(default="600/m", pattern=r"^\d+/[smhd]$")
    # When the platform runs behind a TLS-terminating proxy (production), trust its header.
    behind_tls_proxy: bool = False
    # Origins of streaming services whose HLS playback addresses producers may use for live
    # broadcasts, comma-separated ("https://stream.example.fi,https://*.cdn.example.net").
    # They are added to the Content Security Policy; other addresses are refused in the studio.
    live_stream_origins: str = ""
    # Streaming servers in private address ranges (10.x, 192.168.x, 127.x …) may be fetched
    # only when this is on: for a streaming server inside your own network, or tests.
    live_stream_private_addresses: bool = False
    # Origins whose pictures imported events may link (never copied), comma-separated
    # ("https://api.hel.fi,https://images.turku.fi"). Added to the CSP's img-src; a picture
    # elsewhere is left out of the imported offering.
    import_image_origins: str = ""
    # S3-compatible object storage for media (recordings, images, captions). Without a bucket,
    # files are kept on the local disk under VAR_DIR.
    s3_bucket: str = ""
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    # A CDN or public domain in front of the bucket's public media ("media.lampio.fi").
    s3_custom_domain: str | None = None
    # Video conversation at foyer tables through a Jitsi Meet server with JWT authentication
    # (prosody token auth). Without JITSI_DOMAIN the video button is not shown.
    jitsi_domain: str = ""
    jitsi_app_id: str = ""
    jitsi_app_secret: SecretStr | None = None
    # Raw viewing events are deleted after this many days (13 months by default); the daily
    # rollup keeps what the reports need.
    telemetry_retention_days: int = 396
    # Viewing data: batches a minute and viewing sessions an hour from one network address
    # (a service house's tablets share one; a script inflating the counts is stopped).
    beacon_batches_per_address: str = "300/m"
    viewing_tokens_per_address: str = "300/h"
    # The rollup of viewing events runs in the background worker this often (minutes).
    rollup_interval_minutes: int = 60
    # Where the Django admin lives (not the well-known /admin/ that every scanner tries). Its
    # login is the platform's own (allauth: the second factor and the rate limits apply).
    admin_path: str = "yllapito/"
    # Redirect plain HTTP to HTTPS when DEBUG is off (turned off only for local benchmarks).
    ssl_redirect: bool = True

    @model_validator(mode="after")
    def _production_needs_secrets(self) -> "Env":
        if self.debug:
            return self
        missing = []
        if self.secret_key is None or not self.secret_key.get_secret_value():
            missing.append("SECRET_KEY")
        if not self.allowed_hosts_list:
            missing.append("ALLOWED_HOSTS")
        if missing:
            raise ConfigurationError(
                "Lämpiö refuses to start with DEBUG off: set "
                + " and ".join(missing)
                + " (see .env.example)."
            )
        return self

    @field_validator("admin_path")
    @classmethod
    def _admin_path_is_a_folder(cls, value: str) -> str:
        value = value.strip("/")
        if not value or not all(part.replace("-", "").isalnum() for part in value.split("/")):
            raise ValueError("ADMIN_PATH is a path such as 'yllapito' (letters, digits, -)")
        return value + "/"

    @property
    def allowed_hosts_list(self) -> list[str]:
        return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]

    @property
    def live_stream_origins_list(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.live_stream_origins.split(",") if o.strip()]

    @property
    def import_image_origins_list(self) -> list[str]:
        return [
            o.strip().rstrip("/").lower() for o in self.import_image_origins.split(",") if o.strip()
        ]

    @property
    def csrf_trusted_origins_list(self) -> list[str]:
        return [o.strip() for o in self.csrf_trusted_origins.split(",") if o.strip()]


def load_env() -> Env:
    return Env()
