/** `npm run pact:publish`: see PUBLISH_USAGE in ./publish.ts. */
import { main } from "./command.js";
import { publish } from "./publish.js";

await main(publish);
