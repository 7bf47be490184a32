# Gantry dashboard (Next.js). Build from the repository root:
#   docker build -f docker/web.Dockerfile -t gantry-web .
FROM node:24-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY libs/contracts/package.json libs/contracts/
COPY libs/testing/package.json libs/testing/
COPY libs/odoo/package.json libs/odoo/
COPY tools/mongo-server/package.json tools/mongo-server/
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NEXT_TELEMETRY_DISABLED=1 npx nx run web:build --outputStyle=static && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build /repo/node_modules ./node_modules
COPY --from=build /repo/libs ./libs
COPY --from=build /repo/apps/web ./apps/web
USER node
WORKDIR /app/apps/web
EXPOSE 3000
CMD ["../../node_modules/.bin/next", "start"]
