/**
 * `@rebill-kit/testkit`: the adapter conformance suite (for Vitest) and deterministic fault
 * injection. React render helpers are on the subpath `@rebill-kit/testkit/react`; in a browser
 * bundle (Storybook) import `withFaults` from `@rebill-kit/testkit/faults`, which has no Vitest.
 */
export {
  runAdapterConformanceTests,
  type ConformanceInspector,
  type ConformanceOptions,
  type ConformanceSubject,
} from './conformance.js';
export { CAPABILITY_NOTES, CONFORMANCE_RULES, type ConformanceRule } from './rules.js';
export { withFaults, type FaultOptions, type FaultSettings, type FaultyAdapter } from './faults.js';
