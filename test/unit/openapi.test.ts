/**
 * docs/openapi.yaml must list exactly the /api/v1 routes the app registers. The routes are read
 * from the built app itself (Express 5 router stack: route layers, nested routers via
 * `handle.stack`, mount paths from `layer.rawPath`), so a route added in any component's
 * api-routes.ts or in the route table fails this test until it is documented — and a documented
 * route that no longer exists fails it too.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { createTestApp, type TestApp } from '../helpers/test-app';

const API = '/api/v1';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

type Doc = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<
    string,
    Record<
      string,
      { parameters?: { $ref?: string; name?: string; in?: string }[]; responses?: Record<string, unknown> }
    >
  >;
  components: Record<string, Record<string, unknown>>;
};

function mountPath(p: unknown, where: string): string {
  // A RegExp or array path could hide API routes from the walk, so it fails loudly. (Wildcards in a
  // string path under /api/v1 would not match any documented path, so they fail the comparison.)
  if (typeof p !== 'string') throw new Error(`cannot read the route path ${String(p)} under "${where}"`);
  return p === '/' ? '' : p;
}

/** "METHOD /path/{param}" for every route of the app, nested routers included. */
function registeredRoutes(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const full = prefix + mountPath(layer.route.path, prefix);
      for (const m of Object.keys(layer.route.methods).filter((k) => k !== '_all'))
        out.push(`${m.toUpperCase()} ${full}`);
    } else if (Array.isArray(layer.handle?.stack)) {
      out.push(...registeredRoutes(layer.handle.stack, prefix + mountPath(layer.rawPath, prefix)));
    }
  }
  return out;
}

/** "/api/v1/packages/:id/" → "/packages/{id}", the document's form (paths are relative to the server URL). */
function toDocPath(route: string): string {
  const [method, p] = route.split(' ');
  const rel = p.slice(API.length).replace(/\/+$/, '') || '/';
  return `${method} ${rel.replace(/:(\w+)/g, '{$1}')}`;
}

function documentedRoutes(doc: Doc): string[] {
  return Object.entries(doc.paths).flatMap(([p, ops]) =>
    METHODS.filter((m) => ops[m]).map((m) => `${m.toUpperCase()} ${p}`),
  );
}

function resolve(doc: Doc, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
  }
  return [];
}

let t: TestApp;
let doc: Doc;
let registered: string[];

beforeAll(async () => {
  doc = yaml.load(fs.readFileSync(path.resolve(__dirname, '../../docs/openapi.yaml'), 'utf8')) as Doc;
  // The benchmark route exists only with this switch; it is documented (as internal), so it is on here.
  t = await createTestApp({ BENCH_BASELINE_ROUTE: 'true' });
  const router = (t.app as unknown as { router: { stack: Layer[] } }).router;
  registered = registeredRoutes(router.stack)
    .filter((r) => r.split(' ')[1].startsWith(`${API}/`))
    .map(toDocPath);
});

afterAll(async () => {
  await t?.close();
});

describe('docs/openapi.yaml', () => {
  it('when the document is read, then it is OpenAPI 3.1 for the /api/v1 server and every $ref points at something', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.servers.map((s) => s.url)).toEqual([API]);
    const broken = [...new Set(refsIn(doc))].filter((ref) => !ref.startsWith('#/') || resolve(doc, ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('when the app is built, then the route walk finds the API routes of every component', () => {
    // Guards the walk itself: if Express changed its internals and the walk found nothing, the
    // comparisons below would pass on two empty lists.
    for (const route of [
      'GET /packages/{id}',
      'POST /attempts/{attemptId}/scos/{scoId}/commit',
      'GET /me/progress',
      'GET /me/certificates',
      'GET /certificates/verify/{code}',
      'POST /q2/enrolments',
      'GET /reports/matrix',
      'PATCH /users/{id}',
      'PUT /cohorts/{id}/sessions/{sid}/attendance',
      'POST /cohorts/{id}/enrolments',
      'PUT /workshops/{id}/attendance',
      'POST /authorisations/{id}/verify',
    ]) {
      expect(registered).toContain(route);
    }
  });

  it('when a route under /api/v1 is registered, then the document describes that method and path', () => {
    const documented = new Set(documentedRoutes(doc));
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('when the document describes a method and path, then the app really has that route', () => {
    const known = new Set(registered);
    expect(documentedRoutes(doc).filter((r) => !known.has(r))).toEqual([]);
  });

  it('when an operation is documented, then its path parameters are declared and it has a success and an error answer', () => {
    const problems: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const m of METHODS) {
        const op = ops[m];
        if (!op) continue;
        const params = (op.parameters ?? []).map((x) =>
          x.$ref ? (resolve(doc, x.$ref) as { name: string; in: string }) : x,
        );
        for (const name of [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1])) {
          if (!params.some((x) => x.in === 'path' && x.name === name))
            problems.push(`${m} ${p}: path parameter ${name} not declared`);
        }
        const codes = Object.keys(op.responses ?? {});
        if (!codes.some((c) => c.startsWith('2'))) problems.push(`${m} ${p}: no 2xx answer`);
        if (!codes.some((c) => /^[45]/.test(c))) problems.push(`${m} ${p}: no error answer`);
      }
    }
    expect(problems).toEqual([]);
  });
});
