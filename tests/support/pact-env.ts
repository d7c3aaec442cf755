// Pact's native library reads this when a mock server or a verification starts, so setting
// it while the test modules load is early enough: no usage-tracking call from the tests.
process.env.PACT_DO_NOT_TRACK = "true";
