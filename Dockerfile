# annota-server in one image: the API (`run --api-only`), the operation worker (`worker`),
# and the one-off commands (`migrate`, `createadmin`). deploy/compose.yaml shows them together.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Only what the two wheels are built from: the contract, the generated client, the code, and
# the server's own project (server/pyproject.toml), which depends on the SDK's.
WORKDIR /build
COPY pyproject.toml README.md LICENSE openapi.yaml ./
COPY gen/annota_api gen/annota_api
COPY src src
COPY server server
RUN pip install . ./server && rm -rf /build

# A user of its own; the data dir holds only scratch files when storage is S3.
RUN useradd --system --uid 10001 --home-dir /var/lib/annota annota \
    && mkdir -p /var/lib/annota && chown annota /var/lib/annota
USER annota
WORKDIR /var/lib/annota
ENV ANNOTA_DATA_DIR=/var/lib/annota \
    ANNOTA_LOG_FORMAT=json

EXPOSE 8080
ENTRYPOINT ["annota-server"]
CMD ["run", "--api-only", "--host", "0.0.0.0", "--port", "8080", "--workers", "auto"]
