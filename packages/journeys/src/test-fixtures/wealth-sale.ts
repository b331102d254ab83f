// The published example script is the tests' fixture too; suites outside this
// package import it by this path.
export { WEALTH_SALE } from '../examples/wealth-sale.ts';
