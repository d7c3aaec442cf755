// Imported before @pact-foundation/pact wherever pact is used in the tests: no usage-tracking call.
process.env.PACT_DO_NOT_TRACK = "true";
