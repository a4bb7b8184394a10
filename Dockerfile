# Poligon sandbox image: every fake (FES NSPK with LK FES, GIS ES, ECS) on port 8080, the demo world on.
#   docker build -t poligon:local .
#   docker run --rm -p 8080:8080 poligon:local
# Configure with flags, POLIGON_* environment variables or a config file (docs/running.md): the image sets
# no POLIGON_PORT or POLIGON_HOST of its own, so a config file's port is never overridden by the image.
# Keep a state file on the node-owned /data volume:
#   docker run --rm -p 8080:8080 -v poligon-data:/data -e POLIGON_STATE_FILE=/data/state.json poligon:local
# The same image runs scenario packs: docker run --rm poligon:local run <pack> --target http://…

# --- build: dev dependencies, TypeScript compile, start-up bundle (scripts/bundle.mjs) -------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build is the next step
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts scripts
COPY src src
COPY simulators simulators
COPY ui ui
COPY schemas schemas
RUN npm run build

# --- runtime: production dependencies, compiled code, schemas, scenario packs --------------------------
FROM node:20-bookworm-slim
ARG VERSION=dev
LABEL org.opencontainers.image.title="Poligon" \
      org.opencontainers.image.description="Stateful sandbox and conformance suite for FES NSPK, GIS ES and the Yakutia ECS web service" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"
# POLIGON_URL_FILE: serve writes the URL it bound there, and the HEALTHCHECK asks that port
ENV NODE_ENV=production \
    POLIGON_URL_FILE=/tmp/poligon.url
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force && rm -rf /root/.npm
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY schemas ./schemas
COPY scenarios ./scenarios
COPY scripts/healthcheck.mjs ./scripts/healthcheck.mjs
# the state file's home: a named volume mounted here starts node-owned, so `docker stop` can save it
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080
# node itself checks health (the image has no curl), at the port the server actually bound
HEALTHCHECK --interval=5s --timeout=10s --start-period=10s --retries=3 \
  CMD ["node", "/app/scripts/healthcheck.mjs"]
# node is PID 1 and `serve` handles SIGTERM itself (stops, saves the state file, exits 0)
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/bin/poligon.js"]
CMD ["serve"]
