// @types/fhir (STU3) declares a global namespace `fhir`, not a module, so `import type * as fhir from
// 'fhir'` fails to resolve. This ambient module makes that import work project-wide. If the project
// gains another such shim (or adds "fhir" to tsconfig `types`), keep exactly one.
/// <reference types="fhir" />
declare module 'fhir' {
  export = fhir;
}
