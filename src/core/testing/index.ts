/** The test toolkit: rollback-isolated test cases, query counting, the test database. */
export { useTestCase, type TestCase, type TestCaseOptions } from './test-case.js';
export { assertNumQueries, captureQueries, type CaptureOptions } from './query-counter.js';
export { openTestDatabase, closeTestDatabase } from './test-database.js';
export { createTestClient, testApp, type TestClient } from './client.js';
