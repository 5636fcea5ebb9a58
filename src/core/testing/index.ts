/** The test toolkit: rollback-isolated test cases, query counting, the test database. */
export { useTestCase, beforeEachTestCase, PermissionLookup, type TestCase, type TestCaseOptions, type PermissionHolder } from './test-case.js';
export { assertNumQueries, captureQueries, type CaptureOptions } from './query-counter.js';
export { openTestDatabase, closeTestDatabase } from './test-database.js';
export { createTestClient, testApp, TokenIssuer, TestClient } from './client.js';
export { createMochaHooks } from './mocha-hooks.js';
export { freePort, manage, spawnManage, type Run } from './processes.js';
