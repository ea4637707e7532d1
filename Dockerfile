# The bot in a container, built from the repository alone:  docker build -t rombongan .
# Run it with its state on a volume (README, "A container"):
#   docker run -d --name rombongan --restart unless-stopped \
#     -e BOT_TOKEN=... -e ORGANISER_IDS=... -v rombongan-data:/data rombongan
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The runtime lock, every file checked against its hash: the versions the tests ran.
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt

# The code only (.dockerignore lets nothing else in: no .env, no database, no .git).
COPY bot/ bot/
COPY config/ config/
COPY handlers/ handlers/
COPY storage/ storage/
COPY sandbox/ sandbox/

# A user of its own; the database (and its backups beside it) on the volume, private to it.
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home rombongan \
    && mkdir -p /data \
    && chown rombongan:rombongan /data \
    && chmod 0700 /data
ENV DATABASE_PATH=/data/rombongan.sqlite3 \
    HEALTH_PORT=8081
VOLUME ["/data"]
USER rombongan

# The webhook's port (PORT) when WEBHOOK_URL is set; long polling needs none.
EXPOSE 8080
# GET /healthz on PORT (webhook) or HEALTH_PORT (polling): last poll, outbox backlog.
HEALTHCHECK --interval=1m --timeout=15s --start-period=2m --retries=3 \
    CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot", "run"]
