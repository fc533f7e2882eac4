# respite — a Redis-compatible server in TypeScript on Node 20.
#
#   docker build -t respite .
#   docker run -d -p 6379:6379 -v respite-data:/data respite                # like the redis image
#   docker run -d -p 6379:6379 respite --maxmemory 256mb --requirepass s3cret   # redis-server flags
#   docker run -d -v $PWD/redis.conf:/etc/respite.conf respite /etc/respite.conf
#
# Stage 1 compiles TypeScript with the dev dependencies; stage 2 resolves production
# dependencies only; the final image holds dist/, production node_modules and two small
# scripts, runs as the unprivileged `node` user, and keeps data in /data.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
RUN npm run build

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY docker/entrypoint.sh docker/healthcheck.js ./docker/
RUN mkdir -p /data && chown node:node /data && chmod 0755 /app/docker/entrypoint.sh
USER node
WORKDIR /data
VOLUME /data
EXPOSE 6379
# PING over RESP with node itself (there is no redis-cli in the image); NOAUTH also means alive.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["node", "/app/docker/healthcheck.js"]
# exec's node as PID 1: src/cli.ts handles SIGTERM/SIGINT (graceful shutdown), so no --init needed.
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD []
