/** `npm run verify` and the package's `participant-contract` command. */
import { exitWith, main, processIo } from "../cli.js";

exitWith(await main(process.argv.slice(2), processIo()));
