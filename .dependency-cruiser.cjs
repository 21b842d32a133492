/**
 * Rostrum's layers (README, "Layout"), checked by `npm run deps`.
 *
 * Each layer lists its folders under src/ (and root files) in order. A module may import from a lower
 * layer, and from a folder listed EARLIER in its own layer; never from a higher layer, nor from a
 * same-layer folder listed later. So same-layer folders never import each other both ways, and the
 * folders form a directed acyclic graph. Tests (beside the code, and test/) may import anything.
 *
 * Type-only imports (`import type`) are erased by TypeScript: they do not count, neither for cycles
 * nor for layers (every store names the `Db` type of src/schema.ts, which composes all the tables).
 */
const layers = [
  { name: 'foundation', folders: ['core', 'db', 'views', 'mail', 'http', 'office'], files: ['config.ts', 'context.ts'] },
  { name: 'records and settings', folders: ['audit', 'site', 'redirects'] },
  { name: 'what content is made of', folders: ['media', 'places', 'polls', 'glossary', 'tags', 'experts', 'citations', 'standalone-pages'] },
  { name: 'people', folders: ['users'] },
  { name: 'articles', folders: ['articles'] },
  { name: 'built on articles', folders: ['portals', 'search', 'feeds', 'importers', 'notifications'] },
  { name: 'composition', folders: ['client', 'pages', 'previews', 'admin', 'demo', 'cli'], files: ['schema.ts', 'compose.ts', 'app.tsx', 'main.ts'] },
];

const testFile = '(^test/|\\.test\\.tsx?$)';
const escape = (name) => name.replace(/\./g, '\\.');
const pathsOf = (layer) => [...layer.folders.map((f) => `^src/${f}/`), ...(layer.files ?? []).map((f) => `^src/${escape(f)}$`)];
const anyOf = (paths) => `(${paths.join('|')})`;

const layerRules = layers.flatMap((layer, index) => {
  const above = layers.slice(index + 1).flatMap(pathsOf);
  const upward = above.length
    ? [
        {
          name: `layer-upward: ${layer.name}`,
          comment: `The ${layer.name} layer imports only from itself and the layers below it (README, Layout).`,
          severity: 'error',
          from: { path: anyOf(pathsOf(layer)), pathNot: testFile },
          to: { path: anyOf(above), dependencyTypesNot: ['type-only'] },
        },
      ]
    : [];
  // Within a layer, a folder may import those listed before it, never one listed after it.
  const sideways = layer.folders.flatMap((folder, at) => {
    const later = layer.folders.slice(at + 1).map((f) => `^src/${f}/`);
    return later.length
      ? [
          {
            name: `layer-sideways: ${folder}`,
            comment: `${folder} may import only the folders listed before it in the ${layer.name} layer.`,
            severity: 'error',
            from: { path: `^src/${folder}/`, pathNot: testFile },
            to: { path: anyOf(later), dependencyTypesNot: ['type-only'] },
          },
        ]
      : [];
  });
  return [...upward, ...sideways];
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module imports itself through others (type-only imports are erased and do not count).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-tests-in-code',
      comment: 'Code never imports a test or a test helper.',
      severity: 'error',
      from: { pathNot: testFile },
      to: { path: testFile },
    },
    {
      name: 'no-unlayered-folder',
      comment: 'Every folder under src/ belongs to a layer: add a new one to .dependency-cruiser.cjs and the README.',
      severity: 'error',
      from: { path: '^src/', pathNot: [testFile, anyOf(layers.flatMap(pathsOf))] },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // See type-only imports, so that the rules above can tell them apart and leave them out.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
