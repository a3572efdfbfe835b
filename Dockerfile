# newsbot: one image for both processes of the Procfile. The default command is the web
# process; compose.yaml runs the clock from the same image with `newsbot clock`.
# Not built in CI (these machines build no images): tests/selfhost/test_container.py holds
# this file and compose.yaml to the Procfile and docs/operations.md.
# Build stage: the wheel, with the NLP core compiled by mypyc (needs gcc, which the full image
# has and the slim one does not; pyproject.toml, hook "mypyc").
FROM python:3.11 AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY templates ./templates
COPY config ./config
COPY samples ./samples
COPY manifest.json ./
RUN HATCH_BUILD_HOOK_ENABLE_MYPYC=true pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -r /wheels && useradd --uid 1000 --create-home newsbot \
    && mkdir /data && chown newsbot /data

# Not root: /data holds the sources file (`newsbot sources add` writes it).
USER newsbot
WORKDIR /data
ENV PORT=3000
EXPOSE 3000
CMD ["newsbot", "serve", "--no-scheduler"]
