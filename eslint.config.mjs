// ESLint (flat config): typescript-eslint's recommended rules without type information, so a run over
// the whole tree stays a few seconds. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'coverage/',
      'courses/dist/',
      'test/fixtures/',
      '.test-results/',
      'screenshots/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `any` is sometimes the honest type at a library seam; flag it, do not fail on it.
      '@typescript-eslint/no-explicit-any': 'warn',
      // A leading underscore marks a parameter kept for its position (Express error handlers).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Errors carry a catalogue key (translated by the error handler), never a German or English sentence.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "NewExpression[callee.name=/^(AppError|CommitRejected|LaunchTokenError|PrerequisitesNotMetError)$/][arguments.2.type='Literal'][arguments.2.value!=/^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$/]",
          message: 'AppError takes a catalogue key, not a message text.',
        },
        {
          selector:
            "NewExpression[callee.name=/^(AppError|CommitRejected|LaunchTokenError|PrerequisitesNotMetError)$/][arguments.2.type='TemplateLiteral']",
          message: 'AppError takes a catalogue key, not a message text.',
        },
        {
          selector:
            "NewExpression[callee.name=/^(ValidationError|NotFoundError|NoPermissionError|UnauthorizedError|ConflictError)$/][arguments.0.type='Literal'][arguments.0.value!=/^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$/]",
          message: 'Errors take a catalogue key, not a message text.',
        },
      ],
    },
  },
  {
    // Jest files and test helpers
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    // Node scripts and configs written in plain JavaScript
    files: ['scripts/**/*.mjs', '*.mjs', '*.cjs', '*.js', 'test/faults/jest.config.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Browser scripts: our pages (public/js) and the course player inside the SCORM packages.
    files: ['public/js/**/*.js', 'public/content-launcher/**/*.js', 'courses/_framework/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      // ES5 without arrow functions (they run in old LMS frames too): `var self = this` is the idiom.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // course-logic.js is also loaded by the unit tests in Node (module.exports when present).
    files: ['courses/_framework/course-logic.js'],
    languageOptions: { globals: { ...globals.browser, module: 'readonly' } },
  },
);
