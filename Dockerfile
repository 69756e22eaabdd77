# syntax=docker/dockerfile:1

# --- build: compile TypeScript and the admin's front-end bundle, then keep production dependencies only ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
# sqlite3 and argon2 may build from source (node-gyp) when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# --- runtime ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8000 \
    ADMIN_JS_SKIP_BUNDLE=true
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/scripts ./scripts
RUN mkdir -p /app/data /app/backups && chown node:node /app/data /app/backups
# Run as the image's unprivileged `node` user (uid 1000): bind-mounted ./data and ./backups must be writable by it.
USER node
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations run on boot. Ops commands: docker compose exec bot npm run db -- status
CMD ["node", "dist/server/main.js"]
