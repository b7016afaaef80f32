# syntax=docker/dockerfile:1
# hamdel's production image. Build from the repository root: `docker build -t hamdel .`
# Run it with Redis and a TLS proxy in front: deploy/compose.yaml, explained in docs/deploy.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# Build stage: every dependency, and the same `npm run build` that CI runs (test/integration/build.test.ts).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY web ./web
RUN npm run build

# Runtime stage: production dependencies only (no tsx, esbuild, TypeScript or natural), the build, the web
# pages and the sample content. Files belong to root and are only read; the server runs as "node".
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY web ./web
COPY content ./content
ENV HOST=0.0.0.0 \
    PORT=3000 \
    REDIS_AUTOSTART=false
USER node
EXPOSE 3000
# Alive: /healthz answers. Node 20 has fetch, so the slim image needs no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains: running turns finish, sockets close, the widget reconnects to another process.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/main.js"]
