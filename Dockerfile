# Policy Timeline service image. Build: docker build -t policy-timeline .
# Stage 1 compiles TypeScript with the full toolchain; the final stage holds only production
# dependencies and the compiled output, and runs as the unprivileged `node` user.

FROM node:24-slim AS build
WORKDIR /app
# Toolchain for native modules (better-sqlite3, @kurrent/bridge) when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY events ./events
COPY projections ./projections
COPY web ./web
# The server and the web page it serves at / (dist/web): an image without it answers / with 404.
RUN npx tsc -p tsconfig.build.json && npm run build:web

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; the native modules ship prebuilt binaries for this platform.
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && mkdir -p /app/data \
 && chown node:node /app/data
COPY --from=build /app/dist ./dist
USER node
# SQLite event store (EVENT_STORE=sqlite) and the read models live here; keep it on a volume.
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
