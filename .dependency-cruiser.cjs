/**
 * dependency-cruiser: the layout rules of STYLE.md, checked by `npm run depcheck` (part of `npm test`).
 * Type-only imports count: a component's inner types are as private as its functions.
 */
module.exports = {
  forbidden: [
    {
      name: 'component-through-index',
      comment:
        'A component is used only through its index.ts: a file in src/<a>/ may import from src/<b>/ (b ≠ a) ' +
        'only src/<b>/index.ts. src/shared/ is open to all; top-level src/*.ts (app, routes, context) wire everything.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/shared/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'scorm-stays-pure',
      comment: 'src/scorm is pure SCORM knowledge that could be published alone: nothing else of ours.',
      severity: 'error',
      from: { path: '^src/scorm/' },
      to: { path: '^(src|migrations|courses|scripts)/', pathNot: '^src/scorm/' },
    },
    {
      name: 'scorm-no-web-no-db',
      comment: 'src/scorm knows neither HTTP nor the database: no Express, no Sequelize.',
      severity: 'error',
      from: { path: '^src/scorm/' },
      to: { path: 'node_modules/(@types/)?(express|express-[^/]+|sequelize|sequelize-[^/]+)/' },
    },
    {
      name: 'routes-no-models',
      comment:
        'Routes stay thin: parse, call one domain function, answer. Models are reached through the component, not from a route file.',
      severity: 'error',
      from: { path: '^src/.*(/|-)routes\\.ts$' },
      to: { path: '(^src/models\\.ts$|-models?\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
