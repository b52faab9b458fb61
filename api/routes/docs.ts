// GET /openapi.json and a self-contained docs page (no CDN: the service must work offline).
import { Router } from 'express';
import { openApiDocument } from '../openapi';

type Doc = ReturnType<typeof openApiDocument>;

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function renderDocs(doc: Doc): string {
  const rows = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(
      item as Record<string, { summary?: string; responses?: Record<string, { description?: string }> }>,
    ).map(
      ([method, op]) =>
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.summary ?? '')}</td>` +
        `<td>${Object.entries(op.responses ?? {})
          .map(([code, r]) => `<b>${code}</b> ${escape(r.description ?? '')}`)
          .join('<br>')}</td></tr>`,
    ),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(doc.info.title)} API</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:75em}td{vertical-align:top;padding:.3em .6em;border-bottom:1px solid #ddd}</style></head>
<body><h1>${escape(doc.info.title)} ${escape(doc.info.version)}</h1><p>${escape(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<table><tr><th>method</th><th>path</th><th>what</th><th>responses</th></tr>${rows.join('\n')}</table></body></html>`;
}

export function docsRouter(): Router {
  const router = Router();
  const doc = openApiDocument();
  const page = renderDocs(doc);
  router.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  return router;
}
