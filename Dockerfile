# Poligon sandbox image: every fake (FES NSPK with LK FES, GIS ES, ECS) on port 8080, the demo world on.
#   docker build -t poligon:local .
#   docker run --rm -p 8080:8080 poligon:local
# Configure with POLIGON_* environment variables (docs/running.md), e.g. -e POLIGON_SIMULATORS=fes.
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
COPY schemas schemas
RUN npm run build

# --- runtime: production dependencies, compiled code, schemas, scenario packs --------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    POLIGON_PORT=8080 \
    POLIGON_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force && rm -rf /root/.npm
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY schemas ./schemas
COPY scenarios ./scenarios
USER node
EXPOSE 8080
# node itself checks health: the image has no curl
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.POLIGON_PORT||8080}/__admin/health`).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and `serve` handles SIGTERM itself (stops, saves the state file, exits 0)
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/poligon.js"]
CMD ["serve"]
