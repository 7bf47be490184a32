# Gantry API (NestJS). Build from the repository root:
#   docker build -f docker/api.Dockerfile -t gantry-api .
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
RUN NX_DAEMON=false npx nx run api:build --outputStyle=static && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production API_HOST=0.0.0.0 API_PORT=3001
WORKDIR /app
COPY --from=build /repo/node_modules ./node_modules
COPY --from=build /repo/libs ./libs
COPY --from=build /repo/apps/api/dist ./apps/api/dist
COPY --from=build /repo/apps/api/package.json ./apps/api/package.json
USER node
EXPOSE 3001
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3001/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "apps/api/dist/main.js"]
