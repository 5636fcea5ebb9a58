/** The test toolkit: rollback-isolated test cases, query counting, the test database. */
export { useTestCase, beforeEachTestCase, providePermissionLookup, type TestCase, type TestCaseOptions, type PermissionHolder } from './test-case.js';
export { assertNumQueries, captureQueries, type CaptureOptions } from './query-counter.js';
export { openTestDatabase, closeTestDatabase } from './test-database.js';
export { createTestClient, testApp, provideTokenIssuer, TestClient, type TokenIssuer } from './client.js';
