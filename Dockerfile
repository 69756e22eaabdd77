# syntax=docker/dockerfile:1

# Node 24 LTS for both stages (Node 20 is end-of-life; cookie@2, via fastify, needs Node >= 22).

# --- build: compile the product (tsconfig.build.json) and the admin's front-end bundle, then keep production dependencies only ---
FROM node:24-bookworm-slim AS build
WORKDIR /app
# sqlite3 and argon2 may build from source (node-gyp) when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# package.json's allowScripts approves the native modules' install scripts; anything else unreviewed fails the build.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --strict-allow-scripts
# The product's sources only: no test/, bench/ or devkit/ (they are also in .dockerignore).
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY server ./server
COPY bot ./bot
COPY admin ./admin
COPY domain ./domain
COPY db ./db
COPY i18n ./i18n
COPY ops ./ops
COPY entities ./entities
COPY migrations ./migrations
# `npm run build` compiles tsconfig.build.json (the product only) and bundles dist/admin-assets.
RUN npm run build && npm prune --omit=dev

# --- runtime ---
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=8000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
# The compiled product, folder by folder, with the build stamp `npm run db|webhook|admin` checks.
COPY --from=build --chown=node:node /app/dist/.build-stamp ./dist/.build-stamp
COPY --from=build --chown=node:node /app/dist/server ./dist/server
COPY --from=build --chown=node:node /app/dist/bot ./dist/bot
COPY --from=build --chown=node:node /app/dist/admin ./dist/admin
COPY --from=build --chown=node:node /app/dist/admin-assets ./dist/admin-assets
COPY --from=build --chown=node:node /app/dist/domain ./dist/domain
COPY --from=build --chown=node:node /app/dist/db ./dist/db
COPY --from=build --chown=node:node /app/dist/i18n ./dist/i18n
COPY --from=build --chown=node:node /app/dist/ops ./dist/ops
COPY --from=build --chown=node:node /app/dist/entities ./dist/entities
COPY --from=build --chown=node:node /app/dist/migrations ./dist/migrations
# Scripts used at runtime: the build check before `npm run …` and the SQLite → PostgreSQL move.
COPY --from=build --chown=node:node /app/scripts/build-if-needed.mjs /app/scripts/migrate_to_postgres.sh ./scripts/
RUN mkdir -p /app/data /app/backups && chown node:node /app/data /app/backups
# Run as the image's unprivileged `node` user (uid 1000): bind-mounted ./data and ./backups must be writable by it.
USER node
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations run on boot. Ops commands: docker compose exec bot npm run db -- status
# --max-semi-space-size: server/heap-settings.ts says why.
CMD ["node", "--max-semi-space-size=16", "dist/server/main.js"]
