# One image for the worker and the API (choose with the command). Production uses a Temporal cluster and a real
# Azure ML workspace; nothing of the embedded stack (dev server, emulator) runs here.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# The Temporal CLI is only for the embedded stack and tests: skip the postinstall that fetches it.
RUN npm ci --omit=dev --ignore-scripts
COPY domain domain
COPY analysis analysis
COPY workflows workflows
COPY activities activities
COPY worker worker
COPY api api
COPY telemetry telemetry
COPY store store
COPY channels channels
COPY web web
COPY tsconfig.json ./
RUN npx tsx worker/build-bundle.ts /app/workflow-bundle.js
# The store (admin records, the audit log) is a volume every API and worker container shares; owned by node so that a
# fresh named volume starts writable.
RUN mkdir -p /var/lib/rollout/store && chown -R node:node /var/lib/rollout
ENV WORKFLOW_BUNDLE_PATH=/app/workflow-bundle.js NODE_ENV=production ROLLOUT_STORE_DIR=/var/lib/rollout/store
USER node
CMD ["npx", "tsx", "worker/main.ts"]
