/** `@rebill-kit/testkit/faults`: fault injection without the Vitest suite, for browser bundles. */
export { withFaults, type FaultOptions, type FaultSettings, type FaultyAdapter } from './faults.js';
